package io.hedge.ops;

import io.hedge.codecs.ops.Hop;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HopRecorderTest
{
    @Test
    void eachSwapHoldsOnlyItsIntervalAndRecyclesTheHistogram()
    {
        final HopRecorder recorder = new HopRecorder(Hop.APPLY, 0);
        for (int i = 1; i <= 100; i++)
        {
            recorder.record(i * 1_000L);
        }
        final Histogram first = recorder.swap(1_000, 2_000);
        assertEquals(100, first.getTotalCount());
        assertEquals(100, recorder.samples());
        assertEquals(2_000, first.getEndTimeStamp());

        recorder.record(5_000_000);
        final Histogram second = recorder.swap(2_000, 3_000);
        assertEquals(1, second.getTotalCount(), "the second interval holds only what came after the first swap");
        assertEquals(1, recorder.samples());

        recorder.swap(3_000, 4_000);
        final Histogram fourth = recorder.swap(4_000, 5_000);
        // from the third swap on the recorder goes on into the histograms it handed out: no allocation
        assertSame(second, fourth);
        assertEquals(0, recorder.samples());
        assertEquals(0, recorder.p99Ns());
    }

    @Test
    void percentilesAreThoseOfTheInterval()
    {
        final HopRecorder recorder = new HopRecorder(Hop.SEQUENCED_TO_COMMITTED, 0);
        for (int i = 1; i <= 1000; i++)
        {
            recorder.record(i * 1_000L); // 1 us .. 1 ms
        }
        recorder.swap(0, 1);
        assertEquals(500_000, recorder.p50Ns(), 500_000 * 0.001);
        assertEquals(990_000, recorder.p99Ns(), 990_000 * 0.001);
        assertEquals(999_000, recorder.p999Ns(), 999_000 * 0.001);
        assertEquals(1_000_000, recorder.maxNs(), 1_000_000 * 0.001);
    }

    @Test
    void valuesOutOfRangeAreClampedNotThrown()
    {
        final HopRecorder recorder = new HopRecorder(Hop.APPLY, 0);
        recorder.record(-5);
        recorder.record(TimeUnit.HOURS.toNanos(2));
        final Histogram interval = recorder.swap(0, 1);
        assertEquals(2, interval.getTotalCount());
        assertEquals(0, interval.getMinValue());
        assertTrue(interval.getMaxValue() >= HopRecorder.HIGHEST_NS);
    }

    @Test
    void nothingIsLostAcrossSwapsWhileAnotherThreadRecords() throws Exception
    {
        final HopRecorder recorder = new HopRecorder(Hop.CLIENT_ROUND_TRIP, 0);
        final int values = 2_000_000;
        final AtomicBoolean done = new AtomicBoolean();
        final CountDownLatch started = new CountDownLatch(1);
        final Thread writer = new Thread(() ->
        {
            started.countDown();
            for (int i = 0; i < values; i++)
            {
                recorder.record(1_000 + (i & 1023));
            }
            done.set(true);
        });
        writer.start();
        started.await();
        long total = 0;
        int swaps = 0;
        while (!done.get())
        {
            total += recorder.swap(swaps, swaps + 1).getTotalCount();
            swaps++;
        }
        writer.join(TimeUnit.SECONDS.toMillis(30));
        total += recorder.swap(swaps, swaps + 1).getTotalCount();
        assertEquals(values, total, "every value lands in exactly one interval, over " + swaps + " swaps");
    }
}
