package io.hedge.transport;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Rule 9 (full disks) over a real embedded media driver: a journal append fails inside a fragment handler, where
 * Aeron, not the agent runner, catches what is thrown. Invariant: the role's fatal policy applies there too (exit code
 * 75), so a role never goes on appending after a journal write it could not finish.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RoleRunnerTest
{
    private static final int STREAM = 1001;

    /** Stands for io.hedge.journal.JournalWriteException, which transport does not see. */
    private static final class JournalFailure extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        JournalFailure()
        {
            super("cannot write journal /tmp/j (seq 5): No space left on device");
        }
    }

    private static final class TestContext extends RoleContext<TestContext>
    {
        @Override
        public String roleName()
        {
            return "test role";
        }

        @Override
        protected void concludeRole()
        {
        }
    }

    /** Appends what it polls to a journal that cannot be written. */
    private static final class AppendingAgent implements Agent
    {
        private final Subscription subscription;

        AppendingAgent(final Aeron aeron)
        {
            subscription = aeron.addSubscription("aeron:ipc", STREAM);
        }

        @Override
        public int doWork()
        {
            return subscription.poll((buffer, offset, length, header) ->
            {
                throw new JournalFailure();
            }, 10);
        }

        @Override
        public String roleName()
        {
            return "appending";
        }
    }

    private final Path dir = Path.of("target", "test-work", "role-runner-" + System.nanoTime()).toAbsolutePath();
    private MediaDriver driver;
    private Aeron client;
    private RoleRunner<AppendingAgent> runner;

    @AfterEach
    void after()
    {
        CloseHelper.quietCloseAll(runner, client, driver);
        IoUtil.delete(dir.toFile(), true);
    }

    @Test
    void aJournalFailureThrownInsideAFragmentHandlerEndsTheRole() throws Exception
    {
        driver = MediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(dir.resolve("aeron").toString())
            .threadingMode(ThreadingMode.SHARED)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true));
        final CompletableFuture<Integer> exit = new CompletableFuture<>();
        runner = RoleRunner.launch(
            new TestContext()
                .aeronDirectoryName(driver.aeronDirectoryName())
                .idleStrategySupplier(() -> new BackoffIdleStrategy()),
            AppendingAgent::new,
            agent -> new BackoffIdleStrategy(),
            JournalFailure.class::isInstance,
            exit::complete);
        client = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
        final Publication publication = client.addPublication("aeron:ipc", STREAM);
        final UnsafeBuffer message = new UnsafeBuffer(new byte[8]);
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (publication.offer(message) < 0)
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new AssertionError("the role's subscription never took the message");
            }
            Thread.sleep(1);
        }
        assertEquals(Terminator.JOURNAL_FAILURE, exit.get(20, TimeUnit.SECONDS));
    }
}
