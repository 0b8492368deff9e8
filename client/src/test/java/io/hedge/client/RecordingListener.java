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
