package io.hedge.ops.dashboard;

import io.hedge.codecs.ops.GatewayRole;
import io.hedge.codecs.ops.Health;
import io.hedge.ops.OpsListener;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReconnectingFeedTest
{
    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final AtomicInteger healthHeard = new AtomicInteger();
    private final OpsListener model = new OpsListener()
    {
        @Override
        public void onFabricHealth(final io.hedge.codecs.ops.FabricHealthDecoder health)
        {
            healthHeard.incrementAndGet();
        }
    };

    /** A session that delivers a FabricHealth on each poll while the gateway "talks". */
    private final class FakeSession implements ReconnectingFeed.Session
    {
        final AtomicBoolean talking = new AtomicBoolean(true);
        final AtomicBoolean closed = new AtomicBoolean();

        @Override
        public int poll(final OpsListener listener)
        {
            if (!talking.get())
            {
                return 0;
            }
            new FabricHealthBuilder(1, 1, 10).gateway(1, Health.UP, GatewayRole.ACTIVE, 0).deliverTo(listener);
            return 1;
        }

        @Override
        public void close()
        {
            closed.set(true);
        }
    }

    @Test
    void retriesAFailedConnectAndReopensASilentSession()
    {
        final Deque<Object> outcomes = new ArrayDeque<>();
        outcomes.add(new IllegalStateException("gateway 1 did not answer within 5000 ms"));
        final FakeSession first = new FakeSession();
        final FakeSession second = new FakeSession();
        outcomes.add(first);
        outcomes.add(second);
        final AtomicBoolean resourcesClosed = new AtomicBoolean();
        final ReconnectingFeed feed = new ReconnectingFeed(() ->
        {
            final Object next = outcomes.removeFirst();
            if (next instanceof RuntimeException ex)
            {
                throw ex;
            }
            return (ReconnectingFeed.Session)next;
        }, "gateway 1", clock::get, () -> resourcesClosed.set(true));
        feed.start(model);

        feed.poll();
        assertFalse(feed.connected());
        assertTrue(feed.describe().contains("cannot connect: gateway 1 did not answer"), feed.describe());
        clock.addAndGet(ReconnectingFeed.RETRY_MS - 1);
        feed.poll();
        assertEquals(2, outcomes.size(), "no new attempt before the retry interval");

        clock.addAndGet(1);
        feed.poll();
        assertTrue(feed.connected());
        feed.poll();
        assertEquals(1, healthHeard.get(), "messages pass through to the model");

        first.talking.set(false);
        clock.addAndGet(ReconnectingFeed.SILENCE_MS);
        feed.poll();
        assertTrue(feed.connected(), "silent for exactly the limit is still connected");
        clock.addAndGet(1);
        feed.poll();
        assertFalse(feed.connected());
        assertTrue(first.closed.get(), "a silent session is closed");
        assertTrue(feed.describe().contains("heard nothing"), feed.describe());

        feed.poll();
        assertTrue(feed.connected(), "and reopened at once");
        assertEquals(2, feed.connects());
        feed.close();
        assertTrue(second.closed.get() && resourcesClosed.get());
    }
}
