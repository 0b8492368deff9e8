package io.hedge.client;

import io.hedge.codecs.fabric.ClientConnectedEncoder;
import io.hedge.codecs.fabric.ClientResponseEncoder;
import io.hedge.codecs.fabric.ConnectStatus;
import io.hedge.codecs.fabric.FabricStatusDecoder;
import io.hedge.codecs.fabric.FabricStatusEncoder;
import io.hedge.codecs.fabric.MessageHeaderEncoder;
import io.hedge.codecs.fabric.QueryAnswerEncoder;
import io.hedge.codecs.fabric.QueryStatus;
import io.hedge.codecs.fabric.ResponseStatus;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the adapter hands its listener for each message a gateway sends a client, decoded from bytes the gateway's
 * encoders wrote. The adapter is fed fragments directly: no subscription, no media driver.
 */
class EgressAdapterTest
{
    private static final long CLIENT_ID = 5;

    private final List<String> calls = new ArrayList<>();
    private final EgressListener recorder = new EgressListener()
    {
        public void onResponse(final long epoch, final long correlationId, final long seq, final ResponseStatus status,
            final int replicaId, final DirectBuffer payload, final int offset, final int length)
        {
            calls.add("response epoch=" + epoch + " id=" + correlationId + " seq=" + seq + " " + status + " replica=" +
                replicaId + " '" + payload.getStringWithoutLengthUtf8(offset, length) + "'");
        }

        public void onConnected(final int gatewayId, final ConnectStatus status, final long epoch,
            final int activeGatewayId, final long lastCorrelationId, final int maxPayloadLength, final String detail)
        {
            calls.add("connected gateway=" + gatewayId + " " + status + " epoch=" + epoch + " active=" +
                activeGatewayId + " last=" + lastCorrelationId + " max=" + maxPayloadLength + " '" + detail + "'");
        }

        public void onQueryAnswer(final long queryId, final QueryStatus status, final int replicaId,
            final long appliedSeq, final DirectBuffer payload, final int offset, final int length)
        {
            calls.add("query answer id=" + queryId + " " + status + " replica=" + replicaId + " applied=" + appliedSeq +
                " '" + payload.getStringWithoutLengthUtf8(offset, length) + "'");
        }

        public void onFabricStatus(final FabricStatusDecoder status)
        {
            calls.add("status gateway=" + status.gatewayId() + " epoch=" + status.epoch());
        }
    };
    private final EgressAdapter adapter = new EgressAdapter(null, CLIENT_ID, recorder, 10);
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1024);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();

    private void connected(final long clientId, final ConnectStatus status, final int activeGatewayId, final String detail)
    {
        final ClientConnectedEncoder encoder = new ClientConnectedEncoder().wrapAndApplyHeader(buffer, 0, header)
            .clientId(clientId).epoch(7).lastCorrelationId(40).gatewayId(2).status(status).maxPayloadLength(512)
            .activeGatewayId(activeGatewayId).detail(detail);
        adapter.onFragment(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength(), null);
    }

    @Test
    void decodesResponsesConnectsAndStatus()
    {
        final byte[] payload = "answer".getBytes(StandardCharsets.UTF_8);
        final ClientResponseEncoder response = new ClientResponseEncoder().wrapAndApplyHeader(buffer, 0, header)
            .correlationId(12).seq(34).status(ResponseStatus.DUPLICATE_NOT_CACHED).replicaId(3).epoch(7)
            .putPayload(payload, 0, payload.length);
        adapter.onFragment(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + response.encodedLength(), null);

        connected(CLIENT_ID, ConnectStatus.NOT_ACTIVE, 3, "ignored unless refused");
        connected(CLIENT_ID, ConnectStatus.REJECTED, 0, "response channel not allowed");
        connected(CLIENT_ID + 1, ConnectStatus.OK, 0, "");

        final FabricStatusEncoder status = new FabricStatusEncoder().wrapAndApplyHeader(buffer, 0, header)
            .gatewayId(2).epoch(7);
        status.replicasCount(0); // the group's dimensions are part of the message, as the gateway writes it
        adapter.onFragment(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + status.encodedLength(), null);

        assertEquals(List.of(
            "response epoch=7 id=12 seq=34 DUPLICATE_NOT_CACHED replica=3 'answer'",
            "connected gateway=2 NOT_ACTIVE epoch=7 active=3 last=40 max=512 ''",
            "connected gateway=2 REJECTED epoch=7 active=0 last=40 max=512 'response channel not allowed'",
            "status gateway=2 epoch=7"), calls, "another client's ClientConnected is skipped");
    }

    @Test
    void anUnknownConnectStatusIsNullValAndATruncatedResponseIsDropped()
    {
        final ClientConnectedEncoder encoder = new ClientConnectedEncoder().wrapAndApplyHeader(buffer, 0, header)
            .clientId(CLIENT_ID).epoch(1).gatewayId(1).status(ConnectStatus.OK).detail("");
        buffer.putByte(MessageHeaderEncoder.ENCODED_LENGTH + ClientConnectedEncoder.statusEncodingOffset(), (byte)9);
        adapter.onFragment(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength(), null);
        assertEquals(1, calls.size());
        assertTrue(calls.get(0).contains(" NULL_VAL "), calls.get(0));

        final byte[] payload = new byte[100];
        final ClientResponseEncoder response = new ClientResponseEncoder().wrapAndApplyHeader(buffer, 0, header)
            .correlationId(1).putPayload(payload, 0, payload.length);
        adapter.onFragment(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + response.encodedLength() - 10, null);
        assertEquals(1, calls.size(), "a response whose payload runs past the fragment is not delivered");
    }

    @Test
    void decodesQueryAnswersAndDropsATruncatedOne()
    {
        final byte[] payload = "balance".getBytes(StandardCharsets.UTF_8);
        final QueryAnswerEncoder answer = new QueryAnswerEncoder().wrapAndApplyHeader(buffer, 0, header)
            .queryId(3).replicaId(2).status(QueryStatus.OK).appliedSeq(41).putPayload(payload, 0, payload.length);
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + answer.encodedLength();
        adapter.onFragment(buffer, 0, length, null);
        adapter.onFragment(buffer, 0, length - 1, null);
        buffer.putByte(MessageHeaderEncoder.ENCODED_LENGTH + QueryAnswerEncoder.statusEncodingOffset(), (byte)77);
        adapter.onFragment(buffer, 0, length, null);
        assertEquals(List.of("query answer id=3 OK replica=2 applied=41 'balance'",
            "query answer id=3 NULL_VAL replica=2 applied=41 'balance'"), calls,
            "a truncated answer is dropped; an unknown status is NULL_VAL, not a throw");
    }
}
