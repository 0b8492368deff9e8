package io.hedge.chaos.forge;

import io.hedge.codecs.fabric.ChallengeResponseEncoder;
import io.hedge.codecs.fabric.ClientConnectEncoder;
import io.hedge.codecs.fabric.EpochVoteEncoder;
import io.hedge.codecs.fabric.EpochVoteRequestEncoder;
import io.hedge.codecs.fabric.ExternalEffectEncoder;
import io.hedge.codecs.fabric.GatewayHeartbeatEncoder;
import io.hedge.codecs.fabric.MessageHeaderEncoder;
import io.hedge.codecs.fabric.ReplicaResponseEncoder;
import io.hedge.codecs.fabric.ReplicaState;
import io.hedge.codecs.fabric.ReplicaStatusEncoder;
import io.hedge.codecs.fabric.SinkPositionEncoder;
import io.hedge.transport.MemberSeal;
import org.agrona.MutableDirectBuffer;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Builds the forger's messages: each is a well-formed message of the kind it claims (it decodes as that kind), built
 * from what an outsider can know of the topology (gateway, replica and client ids, principals' names) but without the
 * cluster key. A member message goes out unsealed, with sixteen random bytes where the seal would be, or (the epoch
 * jumps) sealed with a key of the forger's own; a member holding the real key refuses each. Not on a hot path: the
 * forger sends tens a second.
 */
public final class ForgedMessages
{
    /** Epochs of the jumps start this far below Long.MAX_VALUE: one step more would overflow. */
    public static final long JUMP_BELOW_MAX = 16;
    /** A replica id no chaos topology configures. */
    public static final int UNKNOWN_REPLICA_ID = 99;
    /** Epochs the forger claims are at least this: far above any a real run reaches, yet no overflow risk. */
    public static final long HIGH_EPOCH = 1L << 40;

    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final GatewayHeartbeatEncoder heartbeat = new GatewayHeartbeatEncoder();
    private final EpochVoteRequestEncoder voteRequest = new EpochVoteRequestEncoder();
    private final EpochVoteEncoder vote = new EpochVoteEncoder();
    private final ReplicaStatusEncoder status = new ReplicaStatusEncoder();
    private final ReplicaResponseEncoder response = new ReplicaResponseEncoder();
    private final ExternalEffectEncoder effect = new ExternalEffectEncoder();
    private final SinkPositionEncoder position = new SinkPositionEncoder();
    private final ClientConnectEncoder connect = new ClientConnectEncoder();
    private final ChallengeResponseEncoder answer = new ChallengeResponseEncoder();
    private final SplittableRandom random;
    private final MemberSeal wrongSeal;
    private final List<Integer> gatewayIds;
    private final List<Integer> replicaIds;
    private long sent;

    /**
     * @param random     the source of ids, epochs and made-up seals.
     * @param wrongKey   the forger's own key (at least {@link MemberSeal#MIN_KEY_LENGTH} bytes), not the cluster's.
     * @param gatewayIds the configured gateway ids.
     * @param replicaIds the configured replica ids.
     */
    public ForgedMessages(final SplittableRandom random, final byte[] wrongKey, final List<Integer> gatewayIds,
        final List<Integer> replicaIds)
    {
        this.random = random;
        this.wrongSeal = new MemberSeal(wrongKey);
        this.gatewayIds = List.copyOf(gatewayIds);
        this.replicaIds = List.copyOf(replicaIds);
    }

    /**
     * Write one forged member message of the kind at offset 0.
     *
     * @param kind a member kind ({@link ForgeKind#member()}).
     * @return its length, with whatever stands in for the seal.
     */
    public int member(final ForgeKind kind, final MutableDirectBuffer buffer)
    {
        final int length = switch (kind)
        {
            case HEARTBEAT -> heartbeat(buffer, HIGH_EPOCH + random.nextLong(1L << 20));
            case EPOCH_JUMP -> heartbeat(buffer, Long.MAX_VALUE - random.nextLong(JUMP_BELOW_MAX));
            case VOTE_REQUEST -> voteRequest(buffer);
            case VOTE -> vote(buffer);
            case REPLICA_STATUS -> status(buffer);
            case REPLICA_RESPONSE -> response(buffer);
            case EFFECT -> effect(buffer);
            case SINK_POSITION -> sinkPosition(buffer);
            default -> throw new IllegalArgumentException(kind + " is not a member message");
        };
        sent++;
        if (kind == ForgeKind.EPOCH_JUMP)
        {
            return wrongSeal.seal(buffer, 0, length);
        }
        // every other message: half unsealed, half with a guessed seal
        if ((sent & 1) == 0)
        {
            for (int i = 0; i < MemberSeal.SEAL_LENGTH; i++)
            {
                buffer.putByte(length + i, (byte)random.nextInt(256));
            }
            return length + MemberSeal.SEAL_LENGTH;
        }
        return length;
    }

    /**
     * A ClientConnect that claims a client id: with no credentials, or naming a principal the forger holds no secret
     * of (credentials are the principal's name; the gateway then challenges).
     *
     * @param principal the name to claim, or null for none.
     */
    public int connect(final MutableDirectBuffer buffer, final long clientId, final int responseStreamId,
        final String responseChannel, final String principal)
    {
        connect.wrapAndApplyHeader(buffer, 0, header)
            .clientId(clientId)
            .responseStreamId(responseStreamId)
            .responseChannel(responseChannel);
        final byte[] name = null == principal ? new byte[0] : principal.getBytes(StandardCharsets.UTF_8);
        connect.putCredentials(name, 0, name.length);
        return MessageHeaderEncoder.ENCODED_LENGTH + connect.encodedLength();
    }

    /**
     * A ChallengeResponse that cannot be right: random bytes of the length of a real answer.
     */
    public int wrongAnswer(final MutableDirectBuffer buffer, final long clientId, final int answerLength)
    {
        final byte[] guess = new byte[answerLength];
        for (int i = 0; i < guess.length; i++)
        {
            guess[i] = (byte)random.nextInt(256);
        }
        answer.wrapAndApplyHeader(buffer, 0, header).clientId(clientId).putResponse(guess, 0, guess.length);
        return MessageHeaderEncoder.ENCODED_LENGTH + answer.encodedLength();
    }

    private int heartbeat(final MutableDirectBuffer buffer, final long epoch)
    {
        final long lastSeq = 1_000_000L + random.nextLong(1_000_000L);
        heartbeat.wrapAndApplyHeader(buffer, 0, header)
            .gatewayId(anyOf(gatewayIds))
            .epoch(epoch)
            .lastSeq(lastSeq)
            .timestampNs(System.nanoTime())
            .epochStartSeq(lastSeq - 10)
            .commitSeq(lastSeq);
        heartbeat.historyCount(1).next().epoch(epoch).startSeq(lastSeq - 10);
        return MessageHeaderEncoder.ENCODED_LENGTH + heartbeat.encodedLength();
    }

    private int voteRequest(final MutableDirectBuffer buffer)
    {
        final long epoch = HIGH_EPOCH + random.nextLong(1L << 20);
        voteRequest.wrapAndApplyHeader(buffer, 0, header)
            .candidateId(anyOf(gatewayIds))
            .epoch(epoch)
            .lastSeq(Long.MAX_VALUE / 2)
            .lastEpoch(epoch - 1)
            .preVote((short)random.nextInt(2));
        return MessageHeaderEncoder.ENCODED_LENGTH + voteRequest.encodedLength();
    }

    private int vote(final MutableDirectBuffer buffer)
    {
        final long epoch = HIGH_EPOCH + random.nextLong(1L << 20);
        vote.wrapAndApplyHeader(buffer, 0, header)
            .replicaId(anyOf(replicaIds))
            .candidateId(anyOf(gatewayIds))
            .epoch(epoch)
            .granted((short)1)
            .journaledSeq(Long.MAX_VALUE / 2)
            .lastEntryEpoch(epoch - 1)
            .preVote((short)0);
        vote.historyCount(1).next().epoch(epoch - 1).startSeq(1);
        return MessageHeaderEncoder.ENCODED_LENGTH + vote.encodedLength();
    }

    private int status(final MutableDirectBuffer buffer)
    {
        final long epoch = HIGH_EPOCH + random.nextLong(1L << 20);
        final long seq = 1_000_000L + random.nextLong(1_000_000L);
        status.wrapAndApplyHeader(buffer, 0, header)
            .replicaId(random.nextBoolean() ? UNKNOWN_REPLICA_ID : anyOf(replicaIds))
            .epoch(epoch)
            .appliedSeq(seq)
            .journaledSeq(seq)
            .stateHash(random.nextLong())
            .state(ReplicaState.LIVE)
            .heldSeq(0)
            .matchedEpoch(epoch)
            .lastEntryEpoch(epoch);
        return MessageHeaderEncoder.ENCODED_LENGTH + status.encodedLength();
    }

    private int response(final MutableDirectBuffer buffer)
    {
        response.wrapAndApplyHeader(buffer, 0, header)
            .epoch(HIGH_EPOCH)
            .seq(1_000_000L + random.nextLong(1_000_000L))
            .replicaId(random.nextBoolean() ? UNKNOWN_REPLICA_ID : anyOf(replicaIds))
            .stateHash(random.nextLong())
            .clientId(1)
            .correlationId(random.nextLong(1L << 30))
            .outcome((short)0);
        response.putPayload(new byte[8], 0, 8);
        response.putEffects(new byte[0], 0, 0);
        response.putMessages(new byte[0], 0, 0);
        return MessageHeaderEncoder.ENCODED_LENGTH + response.encodedLength();
    }

    private int effect(final MutableDirectBuffer buffer)
    {
        final long seq = 1_000_000L + random.nextLong(1_000_000L);
        effect.wrapAndApplyHeader(buffer, 0, header)
            .gatewayId(anyOf(gatewayIds))
            .epoch(HIGH_EPOCH)
            .seq(seq)
            .index(0)
            .count(1)
            .previousSeq(seq - 1);
        final byte[] payload = "forged effect".getBytes(StandardCharsets.US_ASCII);
        effect.putPayload(payload, 0, payload.length);
        return MessageHeaderEncoder.ENCODED_LENGTH + effect.encodedLength();
    }

    private int sinkPosition(final MutableDirectBuffer buffer)
    {
        position.wrapAndApplyHeader(buffer, 0, header)
            .epoch(HIGH_EPOCH + random.nextLong(1L << 20))
            .lastSeq(Long.MAX_VALUE / 2)
            .lastIndex(0);
        return MessageHeaderEncoder.ENCODED_LENGTH + position.encodedLength();
    }

    private int anyOf(final List<Integer> ids)
    {
        return ids.get(random.nextInt(ids.size()));
    }
}
