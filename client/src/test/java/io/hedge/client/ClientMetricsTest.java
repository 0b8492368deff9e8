package io.hedge.client;

import io.hedge.codecs.fabric.ResponseStatus;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static io.hedge.client.SessionHarness.MS;
import static io.hedge.client.SessionHarness.REQUEST_TIMEOUT_NS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The counts and the latency histogram a session keeps, on fakes and a test's clock.
 */
class ClientMetricsTest
{
    @Test
    void countsSentAnsweredByStatusTimeoutsAndFailoversAndRecordsEachRoundTrip()
    {
        final SessionHarness session = new SessionHarness(2).connectTo(1, 1);
        final long a = session.offer("a");
        final long b = session.offer("b");
        final long c = session.offer("c");
        session.advance(3 * MS);
        session.respond(a, 1, "A");
        session.advance(4 * MS);
        final UnsafeBuffer empty = new UnsafeBuffer(new byte[0]);
        session.flow.onResponse(1, b, 0, ResponseStatus.REJECTED_BUSY, 0, empty, 0, 0);
        session.respond(a, 1, "again"); // a late second answer: not counted as an answer

        session.ok(2, 2); // another gateway active: c is resent
        session.advance(MS);
        session.advance(REQUEST_TIMEOUT_NS);

        final ClientMetrics metrics = metricsOf(session);
        assertEquals(3, metrics.offered());
        assertEquals(3, metrics.sent());
        assertEquals(1, metrics.resent(), "c went to the new active gateway");
        assertEquals(1, metrics.answered(ResponseStatus.OK));
        assertEquals(1, metrics.answered(ResponseStatus.REJECTED_BUSY));
        assertEquals(2, metrics.answered());
        assertEquals(1, metrics.timeouts(), "c: its deadline passed");
        assertEquals(1, metrics.lateResponses());
        assertEquals(1, metrics.failovers());
        assertEquals(0, metrics.inFlight());
        assertTrue(session.listener.timeouts.contains(c));

        assertEquals(2, metrics.latency().getTotalCount(), "one round trip per answer");
        assertTrue(Math.abs(metrics.latency().getMinValue() - 3 * MS) <= 3 * MS / 100, "a: 3 ms");
        assertTrue(Math.abs(metrics.latency().getMaxValue() - 7 * MS) <= 7 * MS / 100, "b: 7 ms");
        assertTrue(metrics.toString().contains("OK=1 REJECTED_BUSY=1"), metrics.toString());
    }

    @Test
    void aSnapshotIsACopy()
    {
        final SessionHarness session = new SessionHarness(1).connectTo(1, 1);
        session.respond(session.offer("a"), 1, "A");
        final ClientMetrics first = metricsOf(session);
        session.respond(session.offer("b"), 1, "B");
        final ClientMetrics second = metricsOf(session);
        assertEquals(1, first.answered());
        assertEquals(1, first.latency().getTotalCount(), "the earlier snapshot did not change");
        assertEquals(2, second.latency().getTotalCount());
        assertNotSame(first.latency(), second.latency());
    }

    @Test
    void aRoundTripLongerThanTheHistogramHoldsIsRecordedAsItsLongest()
    {
        final ClientMetricsRecorder recorder = new ClientMetricsRecorder();
        recorder.onAnswer(ResponseStatus.OK, 10 * ClientMetricsRecorder.HIGHEST_LATENCY_NS);
        recorder.onAnswer(ResponseStatus.OK, -5);
        final ClientMetrics metrics = recorder.snapshot(0, 0, 0, 0, 0, 0);
        assertEquals(2, metrics.latency().getTotalCount());
        assertTrue(metrics.latency().getMaxValue() >= ClientMetricsRecorder.HIGHEST_LATENCY_NS * 0.999);
        assertEquals(0, metrics.latency().getMinValue());
    }

    private static ClientMetrics metricsOf(final SessionHarness session)
    {
        return session.flow.metrics().snapshot(session.flow.resentRequests(), session.flow.lateResponses(),
            session.failover.failovers(), session.failover.probes(), session.failover.fencedMessages(),
            session.flow.inFlight());
    }
}
