package io.hedge.chaos.forge;

import io.hedge.codecs.fabric.ChallengeResponseDecoder;
import io.hedge.codecs.fabric.ClientConnectDecoder;
import io.hedge.codecs.fabric.EpochVoteDecoder;
import io.hedge.codecs.fabric.EpochVoteRequestDecoder;
import io.hedge.codecs.fabric.ExternalEffectDecoder;
import io.hedge.codecs.fabric.GatewayHeartbeatDecoder;
import io.hedge.codecs.fabric.MessageHeaderDecoder;
import io.hedge.codecs.fabric.ReplicaResponseDecoder;
import io.hedge.codecs.fabric.ReplicaStatusDecoder;
import io.hedge.codecs.fabric.SinkPositionDecoder;
import io.hedge.transport.MemberSeal;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ForgedMessagesTest
{
    private static final byte[] CLUSTER_KEY = new byte[32];
    private static final byte[] FORGER_KEY = new byte[32];

    static
    {
        for (int i = 0; i < 32; i++)
        {
            CLUSTER_KEY[i] = (byte)(i * 7 + 1);
            FORGER_KEY[i] = (byte)(i * 13 + 5);
        }
    }

    private final ForgedMessages messages =
        new ForgedMessages(new SplittableRandom(7), FORGER_KEY, List.of(1, 2, 3), List.of(1, 2, 3));
    private final MemberSeal realSeal = new MemberSeal(CLUSTER_KEY);
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[2048]);

    @Test
    void everyForgedMemberMessageDecodesAsItsKindAndFailsTheRealSeal()
    {
        int trailers = 0;
        int bare = 0;
        for (final ForgeKind kind : ForgeKind.values())
        {
            if (!kind.member())
            {
                continue;
            }
            for (int i = 0; i < 40; i++)
            {
                final int length = messages.member(kind, buffer);
                header.wrap(buffer, 0);
                assertEquals(expectedTemplate(kind), header.templateId(), kind.label());
                final int encoded = MessageHeaderDecoder.ENCODED_LENGTH + decodeAndCheck(kind);
                assertTrue(length == encoded || length == encoded + MemberSeal.SEAL_LENGTH, kind + " " + length);
                if (length == encoded)
                {
                    bare++;
                }
                else
                {
                    trailers++;
                }
                // as a member holding the key checks it: with what stands for the seal, and without any
                assertFalse(realSeal.verify(buffer, 0, length), kind.label());
                assertFalse(realSeal.verify(buffer, 0, encoded), kind.label());
                if (kind == ForgeKind.EPOCH_JUMP)
                {
                    // sealed, but with the forger's own key
                    assertEquals(encoded + MemberSeal.SEAL_LENGTH, length);
                    assertTrue(new MemberSeal(FORGER_KEY).verify(buffer, 0, length));
                }
            }
        }
        assertTrue(trailers > 0 && bare > 0, "both unsealed messages and guessed seals are sent");
    }

    @Test
    void connectsClaimAClientIdWithAnotherPrincipalOrNoneAndAnswersAreWrong()
    {
        int length = messages.connect(buffer, 2, 11, "aeron:udp?endpoint=198.18.0.9:20401", "chaos-client-3");
        header.wrap(buffer, 0);
        assertEquals(ClientConnectDecoder.TEMPLATE_ID, header.templateId());
        final ClientConnectDecoder connect = new ClientConnectDecoder().wrapAndApplyHeader(buffer, 0, header);
        assertEquals(2, connect.clientId());
        assertEquals(11, connect.responseStreamId());
        assertEquals("aeron:udp?endpoint=198.18.0.9:20401", connect.responseChannel());
        final byte[] name = new byte[connect.credentialsLength()];
        connect.getCredentials(name, 0, name.length);
        assertEquals("chaos-client-3", new String(name, java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(length, MessageHeaderDecoder.ENCODED_LENGTH + connect.encodedLength());

        length = messages.connect(buffer, 1, 11, "aeron:udp?endpoint=198.18.0.9:20401", null);
        connect.wrapAndApplyHeader(buffer, 0, header.wrap(buffer, 0));
        connect.responseChannel();
        assertEquals(0, connect.credentialsLength());

        length = messages.wrongAnswer(buffer, 2, 32);
        header.wrap(buffer, 0);
        assertEquals(ChallengeResponseDecoder.TEMPLATE_ID, header.templateId());
        final ChallengeResponseDecoder answer = new ChallengeResponseDecoder().wrapAndApplyHeader(buffer, 0, header);
        assertEquals(2, answer.clientId());
        assertEquals(32, answer.responseLength());
        final byte[] first = new byte[32];
        answer.getResponse(first, 0, 32);
        messages.wrongAnswer(buffer, 2, 32);
        final byte[] second = new byte[32];
        new ChallengeResponseDecoder().wrapAndApplyHeader(buffer, 0, header.wrap(buffer, 0)).getResponse(second, 0, 32);
        assertFalse(java.util.Arrays.equals(first, second), "each answer is a fresh guess");
    }

    private static int expectedTemplate(final ForgeKind kind)
    {
        return switch (kind)
        {
            case HEARTBEAT, EPOCH_JUMP -> GatewayHeartbeatDecoder.TEMPLATE_ID;
            case VOTE_REQUEST -> EpochVoteRequestDecoder.TEMPLATE_ID;
            case VOTE -> EpochVoteDecoder.TEMPLATE_ID;
            case REPLICA_STATUS -> ReplicaStatusDecoder.TEMPLATE_ID;
            case REPLICA_RESPONSE -> ReplicaResponseDecoder.TEMPLATE_ID;
            case EFFECT -> ExternalEffectDecoder.TEMPLATE_ID;
            case SINK_POSITION -> SinkPositionDecoder.TEMPLATE_ID;
            default -> throw new IllegalArgumentException(kind.label());
        };
    }

    /**
     * @return the decoded body's length, every var field and group read.
     */
    private int decodeAndCheck(final ForgeKind kind)
    {
        switch (kind)
        {
            case HEARTBEAT, EPOCH_JUMP ->
            {
                final GatewayHeartbeatDecoder d = new GatewayHeartbeatDecoder().wrapAndApplyHeader(buffer, 0, header);
                if (kind == ForgeKind.EPOCH_JUMP)
                {
                    assertTrue(d.epoch() > Long.MAX_VALUE - ForgedMessages.JUMP_BELOW_MAX, "near overflow");
                }
                else
                {
                    assertTrue(d.epoch() >= ForgedMessages.HIGH_EPOCH);
                }
                assertTrue(d.gatewayId() >= 1 && d.gatewayId() <= 3);
                for (final GatewayHeartbeatDecoder.HistoryDecoder h : d.history())
                {
                    assertTrue(h.epoch() > 0);
                }
                return d.encodedLength();
            }
            case VOTE_REQUEST ->
            {
                final EpochVoteRequestDecoder d = new EpochVoteRequestDecoder().wrapAndApplyHeader(buffer, 0, header);
                assertTrue(d.epoch() >= ForgedMessages.HIGH_EPOCH);
                return d.encodedLength();
            }
            case VOTE ->
            {
                final EpochVoteDecoder d = new EpochVoteDecoder().wrapAndApplyHeader(buffer, 0, header);
                assertEquals(1, d.granted());
                for (final EpochVoteDecoder.HistoryDecoder h : d.history())
                {
                    assertTrue(h.epoch() > 0);
                }
                return d.encodedLength();
            }
            case REPLICA_STATUS ->
            {
                final ReplicaStatusDecoder d = new ReplicaStatusDecoder().wrapAndApplyHeader(buffer, 0, header);
                assertTrue(d.replicaId() == ForgedMessages.UNKNOWN_REPLICA_ID ||
                    (d.replicaId() >= 1 && d.replicaId() <= 3));
                return d.encodedLength();
            }
            case REPLICA_RESPONSE ->
            {
                final ReplicaResponseDecoder d = new ReplicaResponseDecoder().wrapAndApplyHeader(buffer, 0, header);
                d.skipPayload();
                d.skipEffects();
                d.skipMessages();
                return d.encodedLength();
            }
            case EFFECT ->
            {
                final ExternalEffectDecoder d = new ExternalEffectDecoder().wrapAndApplyHeader(buffer, 0, header);
                assertEquals(ForgedMessages.HIGH_EPOCH, d.epoch());
                d.skipPayload();
                return d.encodedLength();
            }
            case SINK_POSITION ->
            {
                final SinkPositionDecoder d = new SinkPositionDecoder().wrapAndApplyHeader(buffer, 0, header);
                assertTrue(d.epoch() >= ForgedMessages.HIGH_EPOCH);
                return d.encodedLength();
            }
            default -> throw new IllegalArgumentException(kind.label());
        }
    }
}
