package io.hedge.replicas;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The response log is filled on the replica's hot path: recording and reading back allocate nothing. */
class ResponseLogAllocationTest
{
    @Test
    void recordAndWrapDoNotAllocate()
    {
        final java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "no allocation counter on this JVM");
        final com.sun.management.ThreadMXBean threadBean = (com.sun.management.ThreadMXBean)bean;
        assumeTrue(threadBean.isThreadAllocatedMemorySupported() && threadBean.isThreadAllocatedMemoryEnabled(),
            "allocation counter disabled");

        final UnsafeBuffer message = new UnsafeBuffer(new byte[256]);
        final UnsafeBuffer view = new UnsafeBuffer(0, 0);
        final ResponseLog log = new ResponseLog(1024, 64 * 1024);
        final long[] state = new long[2];
        for (int round = 0; round < 20; round++)
        {
            run(log, message, view, state);
        }
        final long threadId = Thread.currentThread().getId();
        final long before = threadBean.getThreadAllocatedBytes(threadId);
        for (int round = 0; round < 10; round++)
        {
            run(log, message, view, state);
        }
        final long checksum = state[1];
        final long allocated = threadBean.getThreadAllocatedBytes(threadId) - before;
        // 200,000 records: one object each would be megabytes; the runtime's own few bytes now and then (seen: 56,
        // rarely, as the JIT settles) are not the log's
        assertTrue(allocated < 1024, "bytes allocated by 200,000 records (checksum " + checksum + "): " + allocated);
    }

    /** Records 20,000 messages, reading one back after each; state holds the seq and a checksum. */
    private static void run(final ResponseLog log, final UnsafeBuffer message, final UnsafeBuffer view, final long[] state)
    {
        long seq = state[0];
        long checksum = state[1];
        for (int i = 0; i < 20_000; i++)
        {
            log.record(++seq, message, 0, 40 + (i & 127));
            checksum += log.wrap(seq - 10, view) + log.firstAvailableSeq();
        }
        state[0] = seq;
        state[1] = checksum;
    }
}
