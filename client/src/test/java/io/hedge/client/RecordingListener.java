package io.hedge.client;

import io.hedge.codecs.fabric.ResponseStatus;
import org.agrona.DirectBuffer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps every callback a session makes, in order; used on the polling thread only.
 */
final class RecordingListener implements ResponseListener
{
    record Answer(long correlationId, long seq, ResponseStatus status, String payload)
    {
    }

    final List<Answer> responses = new ArrayList<>();
    final List<Long> timeouts = new ArrayList<>();
    final List<Answer> outcomes = new ArrayList<>();
    final List<Long> outcomeTimeouts = new ArrayList<>();
    final List<String> rejections = new ArrayList<>();
    final List<String> superseded = new ArrayList<>();
    /** Query answers: "queryId STATUS rN applied S 'payload'". */
    final List<String> queryAnswers = new ArrayList<>();
    final List<Long> queryTimeouts = new ArrayList<>();

    @Override
    public void onResponse(
        final long correlationId,
        final long seq,
        final ResponseStatus status,
        final int replicaId,
        final DirectBuffer buffer,
        final int offset,
        final int length)
    {
        responses.add(new Answer(correlationId, seq, status, buffer.getStringWithoutLengthUtf8(offset, length)));
    }

    @Override
    public void onTimeout(final long correlationId)
    {
        timeouts.add(correlationId);
    }

    @Override
    public void onOutcome(
        final long correlationId,
        final long seq,
        final ResponseStatus status,
        final int replicaId,
        final DirectBuffer buffer,
        final int offset,
        final int length)
    {
        outcomes.add(new Answer(correlationId, seq, status, buffer.getStringWithoutLengthUtf8(offset, length)));
    }

    @Override
    public void onOutcomeTimeout(final long correlationId)
    {
        outcomeTimeouts.add(correlationId);
    }

    @Override
    public void onQueryAnswer(final long queryId, final io.hedge.codecs.fabric.QueryStatus status, final int replicaId,
        final long appliedSeq, final DirectBuffer buffer, final int offset, final int length)
    {
        queryAnswers.add(queryId + " " + status + " r" + replicaId + " applied " + appliedSeq + " '" +
            buffer.getStringWithoutLengthUtf8(offset, length) + "'");
    }

    @Override
    public void onQueryTimeout(final long queryId)
    {
        queryTimeouts.add(queryId);
    }

    @Override
    public void onConnectRejected(final int gatewayId, final String detail)
    {
        rejections.add(gatewayId + ":" + detail);
    }

    @Override
    public void onSuperseded(final int gatewayId, final String detail)
    {
        superseded.add(gatewayId + ":" + detail);
    }

    long responsesFor(final long correlationId)
    {
        return responses.stream().filter(a -> a.correlationId() == correlationId).count();
    }

    Answer responseFor(final long correlationId)
    {
        return responses.stream().filter(a -> a.correlationId() == correlationId).findFirst().orElse(null);
    }

    static byte[] bytes(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
