package io.hedge.perf.bench;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.aeron.driver.ThreadingMode;
import io.aeron.logbuffer.FragmentHandler;
import io.hedge.codecs.fabric.MessageHeaderDecoder;
import io.hedge.codecs.fabric.SequencedDecoder;
import io.hedge.codecs.trading.MessageHeaderEncoder;
import io.hedge.codecs.trading.NewOrderEncoder;
import io.hedge.codecs.trading.Side;
import io.hedge.journal.SequencedJournal;
import io.hedge.transport.EmbeddedDriver;
import io.hedge.sequencer.DuplicateTable;
import io.hedge.sequencer.Sequencer;
import org.agrona.BufferUtil;
import org.agrona.CloseHelper;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

/**
 * One step of the gateway's sequencer as {@code GatewayAgent} drives it: the duplicate check, then
 * {@link Sequencer#sequence} (seq and timestamp, Chronicle journal append, duplicate table update, offer), retrying
 * {@link Sequencer#publishPending()} until the message is on the stream. The stream is an Aeron IPC
 * {@link ExclusivePublication} of an embedded SHARED media driver; a background thread drains it (checking that the
 * seqs arrive contiguous), so back pressure is rare. 16 clients take turns, each with increasing correlation ids.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Thread)
public class SequencerBenchmark
{
    static final String CHANNEL = "aeron:ipc";
    static final int STREAM_ID = 1001;
    static final int CLIENTS = 16;
    static final long EPOCH = 1;

    private Path workDir;
    private Path aeronDir;
    private EmbeddedDriver driver;
    private Aeron aeron;
    private ExclusivePublication publication;
    private Subscription subscription;
    private Drainer drainer;
    private Thread drainThread;
    private SequencedJournal journal;
    private DuplicateTable duplicates;
    private Sequencer sequencer;

    private UnsafeBuffer payload;
    private int payloadLength;
    private long correlationId;

    @Setup(Level.Trial)
    public void setup() throws InterruptedException
    {
        workDir = BenchDirs.create("sequencer");
        // the driver's files belong in memory, as Aeron's default /dev/shm location; the journal stays on disk
        final Path shm = Paths.get("/dev/shm");
        aeronDir = Files.isDirectory(shm) && Files.isWritable(shm) ?
            shm.resolve("hedge-bench-aeron-" + ProcessHandle.current().pid() + "-" + System.nanoTime()) :
            workDir.resolve("aeron");
        driver = EmbeddedDriver.launch(aeronDir, ThreadingMode.SHARED);
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
        subscription = aeron.addSubscription(CHANNEL, STREAM_ID);
        publication = aeron.addExclusivePublication(CHANNEL, STREAM_ID);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!publication.isConnected() || !subscription.isConnected())
        {
            if (System.nanoTime() > deadline)
            {
                throw new IllegalStateException("IPC publication did not connect");
            }
            Thread.sleep(1);
        }

        drainer = new Drainer(subscription);
        drainThread = new Thread(drainer, "sequenced-drainer");
        drainThread.setDaemon(true);
        drainThread.start();

        journal = SequencedJournal.open(workDir.resolve("journal"));
        duplicates = new DuplicateTable(4096);
        sequencer = new Sequencer(EPOCH, journal, publication::offer, new OffsetEpochNanoClock(), duplicates);

        payload = new UnsafeBuffer(BufferUtil.allocateDirectAligned(128, 64));
        payloadLength = MessageHeaderEncoder.ENCODED_LENGTH + new NewOrderEncoder()
            .wrapAndApplyHeader(payload, 0, new MessageHeaderEncoder())
            .clientOrderId(7)
            .accountId(11)
            .price(1_000)
            .quantity(25)
            .userData(0)
            .instrumentId(3)
            .side(Side.BUY)
            .encodedLength();
        correlationId = 0;
    }

    @Benchmark
    public long sequence()
    {
        final long correlationId = ++this.correlationId;
        final long clientId = 1 + (correlationId & (CLIENTS - 1));
        if (DuplicateTable.NEW != duplicates.check(clientId, correlationId))
        {
            throw new IllegalStateException("fresh request judged a duplicate: " + clientId + "/" + correlationId);
        }
        final long seq = sequencer.sequence(clientId, 0, correlationId, payload, 0, payloadLength);
        while (!sequencer.publishPending())
        {
            Thread.onSpinWait();
        }
        return seq;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException
    {
        try
        {
            final long lastSeq = sequencer.lastSeq();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (drainer.lastSeq < lastSeq && drainer.error == null && System.nanoTime() < deadline)
            {
                Thread.sleep(1);
            }
            drainer.running = false;
            drainThread.join(5_000);
            CodecBenchmark.check(null == drainer.error, String.valueOf(drainer.error));
            CodecBenchmark.check(drainer.lastSeq == lastSeq && drainer.received == lastSeq,
                "subscriber saw " + drainer.received + " messages up to seq " + drainer.lastSeq + ", sequenced " + lastSeq);
            CodecBenchmark.check(journal.lastSeq() == lastSeq, "journal ends at " + journal.lastSeq() + ", sequenced " + lastSeq);
            System.out.println("# sequenced " + lastSeq + " messages, back pressure events " +
                sequencer.backPressureEvents());
        }
        finally
        {
            drainer.running = false;
            CloseHelper.quietCloseAll(subscription, publication, aeron, driver, journal);
            BenchDirs.delete(aeronDir);
            BenchDirs.delete(workDir);
        }
    }

    /** Polls the sequenced stream on its own thread and checks that seqs arrive contiguous from 1. */
    static final class Drainer implements Runnable, FragmentHandler
    {
        private final Subscription subscription;
        private final MessageHeaderDecoder header = new MessageHeaderDecoder();
        private final SequencedDecoder decoder = new SequencedDecoder();
        volatile boolean running = true;
        volatile long lastSeq;
        volatile String error;
        long received;

        Drainer(final Subscription subscription)
        {
            this.subscription = subscription;
        }

        public void run()
        {
            final IdleStrategy idle = new BackoffIdleStrategy();
            while (running)
            {
                idle.idle(subscription.poll(this, 256));
            }
        }

        public void onFragment(final org.agrona.DirectBuffer buffer, final int offset, final int length,
            final io.aeron.logbuffer.Header h)
        {
            decoder.wrapAndApplyHeader(buffer, offset, header);
            final long seq = decoder.seq();
            if (seq != lastSeq + 1 && null == error)
            {
                error = "seq " + seq + " after " + lastSeq;
            }
            received++;
            lastSeq = seq;
        }
    }
}
