package io.hedge.replicas;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlowApplyFaultHookTest
{
    private final Path dir = Path.of(System.getProperty("hedge.test.dir", "target/test-work"))
        .resolve("slow-apply-" + System.nanoTime());
    private final Path delayFile = dir.resolve("fault-slow-apply");

    @AfterEach
    void cleanUp() throws Exception
    {
        System.clearProperty(SlowApplyFaultHook.FILE_PROPERTY);
        Files.deleteIfExists(delayFile);
        Files.deleteIfExists(dir);
    }

    @Test
    void slowsEveryApplyWhileTheFileHoldsADelayAndChangesNoOutput() throws Exception
    {
        Files.createDirectories(dir);
        final SumStateMachine plain = new SumStateMachine();
        final SlowApplyFaultHook slow = new SlowApplyFaultHook(new SumStateMachine(), delayFile);

        final long fastNs = applyTen(slow, plain, 1);
        Files.writeString(delayFile, "20000");
        Thread.sleep(2); // the hook reads the file at most once a millisecond
        final long slowNs = applyTen(slow, plain, 11);
        Files.delete(delayFile);
        Thread.sleep(2);
        final long fastAgainNs = applyTen(slow, plain, 21);

        assertTrue(slowNs >= TimeUnit.MILLISECONDS.toNanos(9 * 20), "ten applies took " + slowNs / 1_000_000 + " ms");
        assertTrue(fastNs < TimeUnit.MILLISECONDS.toNanos(100), "without the file: " + fastNs / 1_000_000 + " ms");
        assertTrue(fastAgainNs < TimeUnit.MILLISECONDS.toNanos(100), "after: " + fastAgainNs / 1_000_000 + " ms");
        assertEquals(plain.fullStateHash(), slow.fullStateHash());
        final ExpandableDirectByteBuffer a = new ExpandableDirectByteBuffer(64);
        final ExpandableDirectByteBuffer b = new ExpandableDirectByteBuffer(64);
        assertEquals(plain.writeSnapshot(a, 0), slow.writeSnapshot(b, 0));
        assertEquals(a.getLong(0), b.getLong(0));
    }

    @Test
    void wrapsOnlyWhenItsSystemPropertyIsSet()
    {
        final Supplier<StateMachine> supplier = SumStateMachine::new;
        assertSame(supplier, SlowApplyFaultHook.wrapIfConfigured(supplier));

        System.setProperty(SlowApplyFaultHook.FILE_PROPERTY, delayFile.toString());
        assertInstanceOf(SlowApplyFaultHook.class, SlowApplyFaultHook.wrapIfConfigured(supplier).get());
        final ReplicaContext ctx = new ReplicaContext()
            .aeronDirectoryName("aeron-dir")
            .journalDir(dir.resolve("journal"))
            .stateMachineSupplier(supplier)
            .conclude();
        assertInstanceOf(SlowApplyFaultHook.class, ctx.stateMachineSupplier().get(), "a concluded replica uses it");
    }

    /**
     * Apply ten requests to both machines, checking that the responses are byte for byte the same.
     *
     * @return the time the hooked machine took.
     */
    private static long applyTen(final StateMachine hooked, final StateMachine plain, final long firstSeq)
    {
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[8]);
        final ExpandableArrayBuffer expected = new ExpandableArrayBuffer(64);
        final ExpandableArrayBuffer actual = new ExpandableArrayBuffer(64);
        long tookNs = 0;
        for (long seq = firstSeq; seq < firstSeq + 10; seq++)
        {
            payload.putByte(0, (byte)seq);
            final int expectedLength = plain.apply(seq, seq * 1000, 1L, 0, payload, 0, 8, expected, 0);
            final long startNs = System.nanoTime();
            final int actualLength = hooked.apply(seq, seq * 1000, 1L, 0, payload, 0, 8, actual, 0);
            tookNs += System.nanoTime() - startNs;
            assertEquals(expectedLength, actualLength);
            assertEquals(expected.getLong(0), actual.getLong(0), "response of seq " + seq);
        }
        return tookNs;
    }
}
