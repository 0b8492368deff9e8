package io.hedge.gateway;

import io.aeron.Publication;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Rule 4 (an unreachable standby does not slow the replicas' stream), on recorders: the sequenced stream's copy to the
 * standbys never changes what the replicas' publication returns, and never sends a standby a message twice.
 */
class StreamOfferTest
{
    private final List<String> offers = new ArrayList<>();
    private final UnsafeBuffer message = new UnsafeBuffer(new byte[8]);
    private long replicasResult = 64;
    private long standbysResult = Publication.BACK_PRESSURED;

    private final StreamOffer sequenced = StreamOffer.withStandbyCopy(
        (buffer, offset, length) ->
        {
            offers.add("replicas");
            return replicasResult;
        },
        (buffer, offset, length) ->
        {
            offers.add("standbys");
            return standbysResult;
        });

    @Test
    void backPressureOnTheStandbysNeverHoldsTheReplicas()
    {
        assertEquals(64, sequenced.offer(message, 0, 8), "the replicas took it, whatever the standbys' copy did");
        standbysResult = Publication.NOT_CONNECTED;
        assertEquals(64, sequenced.offer(message, 0, 8));
        assertEquals(List.of("replicas", "standbys", "replicas", "standbys"), offers, "the replicas' first");
    }

    @Test
    void theStandbysGetAMessageOnlyOnceTheReplicasTookIt()
    {
        replicasResult = Publication.BACK_PRESSURED;
        standbysResult = 64;
        assertEquals(Publication.BACK_PRESSURED, sequenced.offer(message, 0, 8));
        replicasResult = 128;
        assertEquals(128, sequenced.offer(message, 0, 8), "the retry");
        assertEquals(List.of("replicas", "replicas", "standbys"), offers, "one copy to the standbys, not two");
    }
}
