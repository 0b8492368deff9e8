package io.hedge.gateway;

import io.hedge.codecs.fabric.EpochVoteEncoder;
import io.hedge.codecs.fabric.JoinRequestEncoder;
import io.hedge.codecs.fabric.MessageHeaderEncoder;
import io.hedge.codecs.fabric.ReplicaResponseEncoder;
import io.hedge.codecs.fabric.ReplicaState;
import io.hedge.codecs.fabric.ReplicaStatusEncoder;
import io.hedge.transport.FabricLimits;
import io.hedge.transport.MemberSealing;
import io.hedge.transport.SecurityCounters;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What the gateway's inbound adapter refuses before any listener hears it: a status, response or vote of a replica id
 * that is not configured, a join request of a gateway that is not a peer (counted as unknown members), and an epoch
 * above the ceiling (counted as a refused jump). No media driver: the adapter is handed the fragment.
 */
class ReplicaAdapterSecurityTest
{
    private final List<String> heard = new ArrayList<>();
    private final SecurityCounters security = SecurityCounters.inMemory("gateway 1");
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final ReplicaAdapter adapter = new ReplicaAdapter(null, MemberSealing.off(), security,
        recorder(ReplicaListener.class), recorder(LeadershipListener.class), recorder(TermListener.class), 3,
        new int[] {2});

    @SuppressWarnings("unchecked")
    private <T> T recorder(final Class<T> type)
    {
        return (T)Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) ->
        {
            if (method.getDeclaringClass() == Object.class)
            {
                return "toString".equals(method.getName()) ? type.getSimpleName() : 0;
            }
            if (!"onUnconfiguredReplica".equals(method.getName()))
            {
                heard.add(method.getName());
            }
            final Class<?> returns = method.getReturnType();
            if (returns == boolean.class)
            {
                return false;
            }
            if (returns == int.class || returns == long.class)
            {
                return 0;
            }
            return returns.isEnum() ? returns.getEnumConstants()[0] : null;
        });
    }

    private int status(final int replicaId, final long epoch, final long matchedEpoch)
    {
        return MessageHeaderEncoder.ENCODED_LENGTH + new ReplicaStatusEncoder().wrapAndApplyHeader(buffer, 0, header)
            .replicaId(replicaId).epoch(epoch).appliedSeq(5).journaledSeq(5).stateHash(1).state(ReplicaState.LIVE)
            .heldSeq(0).matchedEpoch(matchedEpoch).lastEntryEpoch(epoch).encodedLength();
    }

    private int response(final int replicaId, final long epoch)
    {
        final ReplicaResponseEncoder encoder = new ReplicaResponseEncoder().wrapAndApplyHeader(buffer, 0, header)
            .epoch(epoch).seq(6).replicaId(replicaId).stateHash(1).clientId(1).correlationId(1).outcome((short)0);
        encoder.putPayload(new byte[4], 0, 4).putEffects(new byte[0], 0, 0).putMessages(new byte[0], 0, 0);
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    private int vote(final int replicaId, final long epoch)
    {
        final EpochVoteEncoder vote = new EpochVoteEncoder().wrapAndApplyHeader(buffer, 0, header)
            .replicaId(replicaId).candidateId(1).epoch(epoch).granted((short)1).journaledSeq(5).lastEntryEpoch(2)
            .preVote((short)0);
        vote.historyCount(0);
        return MessageHeaderEncoder.ENCODED_LENGTH + vote.encodedLength();
    }

    private int join(final int gatewayId)
    {
        return MessageHeaderEncoder.ENCODED_LENGTH + new JoinRequestEncoder().wrapAndApplyHeader(buffer, 0, header)
            .gatewayId(gatewayId).lastSeq(5).lastEpoch(2).encodedLength();
    }

    private void deliver(final int length)
    {
        adapter.onFragment(buffer, 0, length, null);
    }

    @Test
    void membersThatAreNotConfiguredAreIgnoredAndCounted()
    {
        deliver(status(4, 2, 2));
        deliver(response(9, 2));
        deliver(vote(63, 2));
        deliver(join(3));
        deliver(join(1)); // this gateway's own id is not a peer either
        assertEquals(List.of(), heard);
        assertEquals(5, security.unknownMemberMessages().get());
        assertEquals(0, security.epochJumpsRefused().get());

        deliver(status(3, 2, 2));
        deliver(response(1, 2));
        deliver(vote(2, 2));
        deliver(join(2));
        assertEquals(List.of("onReplicaStatus", "onReplicaResponse", "onEpochVote", "onJoinRequest"), heard);
        assertEquals(5, security.unknownMemberMessages().get());
    }

    @Test
    void epochsAboveTheCeilingAreRefusedAndCounted()
    {
        final long above = FabricLimits.MAX_EPOCH + 1;
        deliver(status(1, above, 2));       // would depose the active gateway
        deliver(status(1, 2, Long.MAX_VALUE));
        deliver(response(1, above));
        deliver(vote(1, above));
        assertEquals(List.of(), heard);
        assertEquals(4, security.epochJumpsRefused().get());

        deliver(status(1, FabricLimits.MAX_EPOCH, 2));
        assertEquals(List.of("onReplicaStatus"), heard, "the ceiling itself is an epoch");
    }

    @Test
    void aCandidateDoesNotStandAboveTheCeiling()
    {
        final Leadership leadership = new Leadership(1, 7);
        assertEquals(8, leadership.nextCandidateEpoch(3));
        leadership.taken(FabricLimits.MAX_EPOCH - 1);
        assertEquals(FabricLimits.MAX_EPOCH, leadership.nextCandidateEpoch(3));
        leadership.taken(FabricLimits.MAX_EPOCH);
        assertEquals(0, leadership.nextCandidateEpoch(3), "no candidacy: 0 is never an epoch a candidate takes");
        assertEquals(0, new Leadership(1, 0).nextCandidateEpoch(FabricLimits.MAX_EPOCH));
    }
}
