package io.hedge.gateway;

import io.hedge.codecs.fabric.MessageHeaderDecoder;
import io.hedge.codecs.fabric.MessageHeaderEncoder;
import io.hedge.codecs.fabric.ReplicaResponseEncoder;
import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * Session messages leave the gateway with their seq's answer, under the durability rule, each to the session it
 * names (and to the drop copy), without a media driver: a {@link ResponseCollector} over an {@link EgressPublisher}
 * with {@link FakeClientPublication}s.
 */
class SessionMessageDeliveryTest
{
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long REQUESTER = 8;
    private static final long OTHER = 7;
    private static final long ABSENT = 9;

    private long nowNs = 1_000 * MS;
    private final FakeClientPublication.Opener opener = new FakeClientPublication.Opener();
    private final ClientSessions sessions = new ClientSessions(opener, 5_000 * MS, 10_000 * MS, 8, 1);
    private final EgressPublisher egress = new EgressPublisher(sessions);
    private final List<FakeClientPublication.Message> dropCopied = new ArrayList<>();
    private final io.hedge.codecs.fabric.SessionMessageDecoder copyDecoder =
        new io.hedge.codecs.fabric.SessionMessageDecoder();
    private final MessageHeaderDecoder copyHeader = new MessageHeaderDecoder();
    private final ClientRouter router = new ClientRouter(sessions, egress, new GatewayCounters(), () -> nowNs,
        new ServingDesk(), 1);
    private final ExpandableArrayBuffer response = new ExpandableArrayBuffer(512);

    @Test
    void messagesLeaveOnlyWhenAMajorityAgreesAndGoToTheSessionsTheyName()
    {
        egress.epoch(3);
        egress.dropCopy(this::dropCopy);
        final FakeClientPublication requester = establish(REQUESTER, 40123);
        final FakeClientPublication other = establish(OTHER, 40124);
        final ResponseCollector collector = new ResponseCollector(16, 4096, Durability.majority(), 3, 3, 1, egress,
            (seq, replicaId, buffer, offset, length) -> { }, (replicaId, seq, hash) -> true);
        collector.onSequenced(1, REQUESTER, 1);
        final int length = responseWithMessages(1, "report", OTHER, "a", ABSENT, "b", OTHER, "c");

        respond(collector, 1, 1, length);
        assertEquals(List.of(), requester.answers, "one replica is not a majority");
        assertEquals(List.of(), other.messages, "messages wait for the answer's durability rule");
        assertEquals(List.of(), dropCopied);

        respond(collector, 1, 2, length);
        assertEquals(1, requester.answers.size(), "answered once two of three agree");
        assertEquals(List.of(), requester.messages, "the requester is sent no message that names another client");
        assertEquals(List.of(
            new FakeClientPublication.Message(3, 1, OTHER, 0, "a"),
            new FakeClientPublication.Message(3, 1, OTHER, 1, "c")), other.messages,
            "to the session named, indexed among that session's messages of the seq");
        assertEquals(List.of(
            new FakeClientPublication.Message(3, 1, OTHER, 0, "a"),
            new FakeClientPublication.Message(3, 1, ABSENT, 0, "b"),
            new FakeClientPublication.Message(3, 1, OTHER, 1, "c")), dropCopied, "the drop copy sees everything");
        assertEquals(1, egress.sessionMessageSender().notConnected(), "client 9 is not connected: it misses it");

        respond(collector, 1, 3, length);
        assertEquals(2, other.messages.size(), "a later replica's response sends nothing again");
        assertEquals(3, dropCopied.size());
    }

    @Test
    void aRejectedOrMessagelessResponseSendsNoMessages()
    {
        final FakeClientPublication other = establish(OTHER, 40124);
        final ResponseCollector collector = new ResponseCollector(16, 4096, Durability.first(), 3, 1, 1, egress,
            (seq, replicaId, buffer, offset, length) -> { }, (replicaId, seq, hash) -> true);
        collector.onSequenced(1, REQUESTER, 1);
        respond(collector, 1, 1, responseWithMessages(1, "report"));
        assertEquals(List.of(), other.messages);
        assertEquals(0, egress.sessionMessageSender().malformed());
        assertEquals(0, egress.sessionMessageSender().notConnected(), "nothing was addressed to anyone");
    }

    private void respond(final ResponseCollector collector, final long seq, final int replicaId, final int length)
    {
        final int payloadOffset = MessageHeaderEncoder.ENCODED_LENGTH + ReplicaResponseEncoder.BLOCK_LENGTH +
            Integer.BYTES;
        collector.onResponse(seq, replicaId, 42, response, 0, length, payloadOffset,
            response.getInt(payloadOffset - Integer.BYTES, ByteOrder.LITTLE_ENDIAN));
    }

    /**
     * A ReplicaResponse whose messages field holds (clientId, text) pairs.
     */
    private int responseWithMessages(final long seq, final String payload, final Object... messages)
    {
        final UnsafeBuffer entries = new UnsafeBuffer(new byte[256]);
        int length = 0;
        for (int i = 0; i < messages.length; i += 2)
        {
            final byte[] bytes = ((String)messages[i + 1]).getBytes(StandardCharsets.UTF_8);
            entries.putLong(length, (Long)messages[i], ByteOrder.LITTLE_ENDIAN);
            entries.putInt(length + Long.BYTES, bytes.length, ByteOrder.LITTLE_ENDIAN);
            entries.putBytes(length + Long.BYTES + Integer.BYTES, bytes);
            length += Long.BYTES + Integer.BYTES + bytes.length;
        }
        final byte[] payloadBytes = payload.getBytes(StandardCharsets.UTF_8);
        final ReplicaResponseEncoder encoder = new ReplicaResponseEncoder()
            .wrapAndApplyHeader(response, 0, new MessageHeaderEncoder())
            .epoch(3).seq(seq).replicaId(1).stateHash(42).clientId(REQUESTER).correlationId(1).outcome((short)0)
            .putPayload(payloadBytes, 0, payloadBytes.length)
            .putEffects(new byte[0], 0, 0)
            .putMessages(entries, 0, length);
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    private long dropCopy(final DirectBuffer buffer, final int offset, final int length)
    {
        copyHeader.wrap(buffer, offset);
        dropCopied.add(FakeClientPublication.decodeMessage(copyDecoder, buffer,
            offset + MessageHeaderDecoder.ENCODED_LENGTH, copyHeader.blockLength(), copyHeader.version()));
        return 1;
    }

    private FakeClientPublication establish(final long clientId, final int port)
    {
        final byte[] bytes = ("aeron:udp?endpoint=localhost:" + port).getBytes(StandardCharsets.UTF_8);
        router.onConnect(clientId, 0, new UnsafeBuffer(bytes), 0, bytes.length, 11, 0, 0);
        final FakeClientPublication.Pending pending = opener.last().add();
        nowNs += MS;
        router.poll(nowNs);
        assertSame(pending.publication, sessions.established(clientId).publication);
        return pending.publication;
    }

    /** Says OK to every client; requests do not come here. */
    private final class ServingDesk implements ClientDesk
    {
        @Override
        public void onQuery(final ClientSession session, final long clientId, final long queryId, final long minSeq,
            final DirectBuffer payload, final int offset, final int length, final long nowNs)
        {
            throw new AssertionError("queries do not come here");
        }

        @Override
        public Action onRequest(final ClientSession session, final long clientId, final long correlationId,
            final DirectBuffer payload, final int offset, final int length)
        {
            return Action.CONTINUE;
        }

        @Override
        public void onOutcomeQuery(final ClientSession session, final long clientId, final long correlationId)
        {
        }

        @Override
        public void onStatusQuery(final ClientSession session, final long correlationId, final long nowNs)
        {
        }

        @Override
        public boolean onEstablished(final ClientSession session)
        {
            return egress.sendConnected(session.publication, session.clientId, 3, 0, 1, 4096);
        }
    }
}
