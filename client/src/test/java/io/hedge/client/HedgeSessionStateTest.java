package io.hedge.client;

import io.hedge.codecs.fabric.ConnectStatus;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The session's state as the media driver's counters publish it, and its end: on real Aeron with fake gateways.
 */
@Timeout(60)
class HedgeSessionStateTest
{
    /**
     * @return the values of the session state counters of this client that are allocated now.
     */
    private static List<Long> stateCounters(final FakeFabric fabric, final long clientId)
    {
        final CountersReader counters = fabric.aeron.countersReader();
        final List<Long> values = new ArrayList<>();
        counters.forEach((counterId, typeId, keyBuffer, label) ->
        {
            if (typeId == SessionState.COUNTER_TYPE_ID && label.equals("hedge client " + clientId + " session state") &&
                counters.getCounterState(counterId) == CountersReader.RECORD_ALLOCATED)
            {
                values.add(counters.getCounterValue(counterId));
            }
        });
        return values;
    }

    @Test
    void theStateIsPublishedInACounterUntilTheSessionClosed()
    {
        try (FakeFabric fabric = new FakeFabric("session-state", 1))
        {
            fabric.gateway(1).answerConnect(ConnectStatus.OK, 1, 0);
            final HedgeSession session = HedgeSession.connect(fabric.clientContext().clientId(31), new RecordingListener());
            try
            {
                assertEquals(SessionState.CONNECTED, session.state());
                assertEquals(List.of((long)SessionState.CONNECTED.code()), stateCounters(fabric, 31));
            }
            finally
            {
                session.close();
            }
            assertEquals(SessionState.CLOSED, session.state());
            fabric.await(null, "the counter is freed", 5_000, () -> stateCounters(fabric, 31).isEmpty());
            final byte[] payload = new byte[8];
            assertEquals(HedgeSession.CLOSED, session.offer(new UnsafeBuffer(payload), 0, payload.length));
            assertEquals(HedgeSession.CLOSED, session.queryOutcome(1));
            assertFalse(session.queryStatus());
            assertEquals(0, session.poll());
            session.close(); // a second close does nothing
            assertEquals(SessionState.CLOSED, session.state());
        }
    }

    @Test
    void aFailedConnectLeavesNoCounterBehind()
    {
        try (FakeFabric fabric = new FakeFabric("failed-connect", 1))
        {
            fabric.gateway(1).rejectConnect("no");
            assertThrows(HedgeException.class,
                () -> HedgeSession.connect(fabric.clientContext().clientId(32), new RecordingListener()));
            fabric.await(null, "the counter is freed", 5_000, () -> stateCounters(fabric, 32).isEmpty());
        }
    }

    @Test
    void aContextServesOneConnect()
    {
        try (FakeFabric fabric = new FakeFabric("one-connect", 1))
        {
            fabric.gateway(1).answerConnect(ConnectStatus.OK, 1, 0);
            final HedgeClientContext ctx = fabric.clientContext();
            try (HedgeSession ignored = HedgeSession.connect(ctx, new RecordingListener()))
            {
                assertThrows(IllegalStateException.class, () -> HedgeSession.connect(ctx, new RecordingListener()));
            }
        }
    }
}
