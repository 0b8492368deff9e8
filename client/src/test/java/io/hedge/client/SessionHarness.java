package io.hedge.client;

import io.hedge.codecs.fabric.ConnectStatus;
import io.hedge.codecs.fabric.ResponseStatus;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A session's logic (its {@link RequestFlow} and {@link GatewayFailover}, the {@link IngressPublisher}s' encoders)
 * on {@link FakeIngress}es and a test's clock, with its state counter from a {@link CountersManager} over plain
 * buffers: no media driver. What gateways answer goes in as {@link EgressListener} calls, as the
 * {@link EgressAdapter} would make them.
 */
final class SessionHarness
{
    static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    static final long CLIENT_ID = 77;
    static final long FAILOVER_TIMEOUT_NS = 500 * MS;
    static final long RETRY_NS = 100 * MS;
    static final long REQUEST_TIMEOUT_NS = 10_000 * MS;
    static final String RESPONSE_CHANNEL = "aeron:udp?endpoint=localhost:40123";

    final FakeIngress[] gateways;
    final AtomicCounter stateCounter;
    final GatewayFailover failover;
    final RequestFlow flow;
    final RecordingListener listener = new RecordingListener();
    /** Every change the connection-state listener heard, as "PREVIOUS->STATE". */
    final List<String> stateChanges = new ArrayList<>();
    final ConnectionStates states = new ConnectionStates(
        (previous, state, reason) -> stateChanges.add(previous + "->" + state), FAILOVER_TIMEOUT_NS);
    long nowNs = 1_000 * MS;

    SessionHarness(final int gatewayCount)
    {
        this(gatewayCount, new ConnectBackoff(RETRY_NS, RETRY_NS, 0, new java.util.Random(1)));
    }

    /**
     * @param backoff between connects and rounds of probes; the one-argument form keeps a constant retry interval.
     */
    SessionHarness(final int gatewayCount, final ConnectBackoff backoff)
    {
        final CountersManager counters = new CountersManager(
            new UnsafeBuffer(ByteBuffer.allocateDirect(64 * 1024)), new UnsafeBuffer(ByteBuffer.allocateDirect(16 * 1024)));
        stateCounter = counters.newCounter("client session state", SessionState.COUNTER_TYPE_ID);
        gateways = new FakeIngress[gatewayCount];
        final IngressPublisher[] publishers = new IngressPublisher[gatewayCount];
        for (int i = 0; i < gatewayCount; i++)
        {
            gateways[i] = new FakeIngress();
            publishers[i] = new IngressPublisher(gateways[i], CLIENT_ID);
            publishers[i].encodeConnect(11, RESPONSE_CHANNEL);
        }
        failover = new GatewayFailover(CLIENT_ID, publishers, FAILOVER_TIMEOUT_NS,
            backoff, states, stateCounter, nowNs);
        flow = new RequestFlow(listener, failover, REQUEST_TIMEOUT_NS, 1024, 64 * 1024);
    }

    FakeIngress gateway(final int gatewayId)
    {
        return gateways[gatewayId - 1];
    }

    /**
     * Let time pass, a millisecond a duty cycle, as a polling thread would.
     */
    SessionHarness advance(final long ns)
    {
        final long endNs = nowNs + ns;
        do
        {
            work();
            nowNs = Math.min(endNs, nowNs + MS);
        }
        while (nowNs - endNs < 0);
        work();
        return this;
    }

    /**
     * One duty cycle now: connecting as the handshake does it, afterwards as poll does it.
     */
    int work()
    {
        flow.nowNs(nowNs);
        return failover.state() == SessionState.CONNECTING ? failover.doWork(nowNs, flow) : flow.doWork(nowNs);
    }

    void connected(final int gatewayId, final ConnectStatus status, final long epoch, final int activeHint,
        final long lastCorrelationId)
    {
        flow.nowNs(nowNs);
        flow.onConnected(gatewayId, status, epoch, activeHint, lastCorrelationId, 4096,
            status == ConnectStatus.REJECTED || status == ConnectStatus.SUPERSEDED ? "not you" : "");
    }

    void ok(final int gatewayId, final long epoch)
    {
        connected(gatewayId, ConnectStatus.OK, epoch, 0, 0);
    }

    void notActive(final int gatewayId, final long epoch, final int activeHint)
    {
        connected(gatewayId, ConnectStatus.NOT_ACTIVE, epoch, activeHint, 0);
    }

    void respond(final long correlationId, final long epoch, final String text)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        flow.nowNs(nowNs);
        flow.onResponse(epoch, correlationId, correlationId, ResponseStatus.OK, 1, new UnsafeBuffer(bytes), 0, bytes.length);
    }

    long offer(final String text)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        final long id = flow.offer(new UnsafeBuffer(bytes), 0, bytes.length, REQUEST_TIMEOUT_NS, nowNs);
        assertTrue(id > 0, "offer of '" + text + "' gave " + id);
        return id;
    }

    /**
     * @param state the state the session must be in, with its code in the counter.
     */
    void assertState(final SessionState state)
    {
        assertEquals(state, failover.state());
        assertEquals(state.code(), stateCounter.get(), "the counter holds the state's code");
    }

    /**
     * Connect the way a new session does: gateway {@code activeId} answers OK in the epoch, the others NOT_ACTIVE.
     */
    SessionHarness connectTo(final int activeId, final long epoch)
    {
        work();
        for (int id = 1; id <= gateways.length; id++)
        {
            if (id != activeId)
            {
                notActive(id, epoch, activeId);
            }
        }
        ok(activeId, epoch);
        assertState(SessionState.CONNECTED);
        return this;
    }
}
