package io.hedge.ops.dashboard;

import io.hedge.codecs.ops.GatewayRole;
import io.hedge.codecs.ops.RoleKind;
import io.hedge.ops.CounterType;
import io.hedge.ops.OpsListener;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertTrue;

class DashboardLoopTest
{
    @Test
    void publishesWhatTheFeedDeliversAndOutlivesAFailingPoll() throws Exception
    {
        final DashboardModel model = new DashboardModel(System::currentTimeMillis, id -> "site-" + id);
        final AtomicInteger polls = new AtomicInteger();
        final OpsFeed feed = new OpsFeed()
        {
            private OpsListener listener;

            @Override
            public void start(final OpsListener listener)
            {
                this.listener = listener;
            }

            @Override
            public int poll()
            {
                final int poll = polls.incrementAndGet();
                if (poll == 1)
                {
                    throw new IllegalStateException("a message from a newer schema");
                }
                if (poll == 2)
                {
                    new RoleReportBuilder(RoleKind.GATEWAY, 1).state(GatewayRole.ACTIVE.value())
                        .counter(CounterType.WINS, 1, 777).deliverTo(listener);
                    return 1;
                }
                return 0;
            }

            @Override
            public boolean connected()
            {
                return true;
            }

            @Override
            public String describe()
            {
                return "gateway 1";
            }

            @Override
            public void close()
            {
            }
        };
        final DashboardLoop loop = new DashboardLoop(feed, model, System::currentTimeMillis,
            new SleepingMillisIdleStrategy(1));
        final Thread thread = new Thread(loop, "dashboard-loop-test");
        thread.start();
        try
        {
            final long deadline = System.nanoTime() + 20_000_000_000L;
            while (System.nanoTime() < deadline && !model.snapshotJson().contains("\"winsTotal\":777"))
            {
                Thread.sleep(50);
            }
            final String snapshot = model.snapshotJson();
            assertTrue(snapshot.contains("\"winsTotal\":777"), snapshot);
            assertTrue(snapshot.contains("gateway 1 (1 failures, the last: java.lang.IllegalStateException: " +
                "a message from a newer schema)"), snapshot);
        }
        finally
        {
            loop.stop();
            thread.join(10_000);
        }
        assertTrue(!thread.isAlive(), "stop() ends the loop");
    }
}
