package io.hedge.perf.bench;

import io.hedge.codecs.ops.Hop;
import io.hedge.ops.HopRecorder;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The per-message cost of issue 13's latency recording (docs/OPERATIONS.md): {@link HopRecorder#record} alone (an
 * HdrHistogram {@code Recorder.recordValue}), and the whole step a role adds per event: one clock read and the
 * record of its difference from a start time. Run with {@code -prof gc}: both must show 0 B/op. The recorder is
 * swapped every {@value #SWAP_EVERY} operations, as a role's reporter does once a second, so the measurement also
 * covers recording into recycled histograms.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Thread)
public class HopRecordBenchmark
{
    static final int SWAP_EVERY = 1 << 20;

    private final NanoClock clock = SystemNanoClock.INSTANCE;
    private HopRecorder recorder;
    private long startNs;
    private long value;
    private int sinceSwap;

    @Setup(Level.Trial)
    public void setup()
    {
        recorder = new HopRecorder(Hop.APPLY, 0);
        startNs = clock.nanoTime();
        // the first two swaps allocate the histograms recycled from then on
        recorder.swap(0, 1);
        recorder.swap(1, 2);
    }

    private void swapWhenDue()
    {
        if (++sinceSwap == SWAP_EVERY)
        {
            sinceSwap = 0;
            recorder.swap(0, 1);
        }
    }

    /**
     * One {@link HopRecorder#record} of a latency between 1 us and about 1 ms.
     */
    @Benchmark
    public void record()
    {
        value = (value + 7919) & 0xFFFFF;
        recorder.record(1_000 + value);
        swapWhenDue();
    }

    /**
     * What a role adds per event: a clock read and the record of the time since a start.
     */
    @Benchmark
    public void clockAndRecord()
    {
        recorder.record(clock.nanoTime() - startNs);
        swapWhenDue();
    }
}
