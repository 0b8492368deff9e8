package io.hedge.perf.bench;

import io.hedge.codecs.fabric.MessageHeaderEncoder;
import io.hedge.codecs.fabric.SequencedEncoder;
import io.hedge.journal.JournalReader;
import io.hedge.journal.JournalRecordHandler;
import io.hedge.journal.SequencedJournal;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
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

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The gateway journal ({@link SequencedJournal}, Chronicle Queue): append of one encoded {@code Sequenced} message
 * with a 64-byte payload (116 bytes with header), and sequential read of such records with
 * {@link JournalReader#readNext}. Each trial works in its own directory under {@code perf/target/bench-work},
 * deleted when the trial ends.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class JournalBenchmark
{
    static final int PAYLOAD_LENGTH = 64;
    /** Records written before the read benchmark starts; the reader starts over from the first when it reaches the end. */
    static final int READ_RECORDS = 2_000_000;

    /** One Sequenced message, encoded once; only its seq changes from one append to the next. */
    static final class Message
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(256, 64));
        final SequencedEncoder encoder = new SequencedEncoder();
        final int length;

        Message()
        {
            final UnsafeBuffer payload = new UnsafeBuffer(new byte[PAYLOAD_LENGTH]);
            for (int i = 0; i < PAYLOAD_LENGTH; i++)
            {
                payload.putByte(i, (byte)i);
            }
            encoder.wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
                .epoch(1)
                .seq(1)
                .timestampNs(1_700_000_000_000_000_000L)
                .clientId(42)
                .correlationId(1)
                .putPayload(payload, 0, PAYLOAD_LENGTH);
            length = MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
        }

        /** Re-encodes the seq (and, as a sequencer would, the correlation id) in place. */
        void seq(final long seq)
        {
            encoder.seq(seq).correlationId(seq);
        }
    }

    @State(Scope.Thread)
    public static class AppendState
    {
        Path dir;
        SequencedJournal journal;
        Message message;
        long seq;

        @Setup(Level.Trial)
        public void setup()
        {
            dir = BenchDirs.create("journal-append");
            journal = SequencedJournal.open(dir);
            message = new Message();
            seq = journal.lastSeq();
        }

        @TearDown(Level.Trial)
        public void tearDown()
        {
            try
            {
                CodecBenchmark.check(journal.lastSeq() == seq && journal.firstSeq() == 1,
                    "journal holds seqs " + journal.firstSeq() + ".." + journal.lastSeq() + ", appended 1.." + seq);
            }
            finally
            {
                journal.close();
                BenchDirs.delete(dir);
            }
        }
    }

    @State(Scope.Thread)
    public static class ReadState implements JournalRecordHandler
    {
        Path dir;
        SequencedJournal journal;
        JournalReader reader;
        long lastSeq;
        int lastLength;
        long passes;

        @Setup(Level.Trial)
        public void setup()
        {
            dir = BenchDirs.create("journal-read");
            journal = SequencedJournal.open(dir);
            final Message message = new Message();
            for (long seq = 1; seq <= READ_RECORDS; seq++)
            {
                message.seq(seq);
                journal.append(message.buffer, 0, message.length);
            }
            reader = journal.reader();
        }

        public void onRecord(final DirectBuffer buffer, final int offset, final int length)
        {
            lastSeq = buffer.getLong(offset + MessageHeaderEncoder.ENCODED_LENGTH + SequencedEncoder.seqEncodingOffset(),
                SequencedEncoder.BYTE_ORDER);
            lastLength = length;
        }

        /** At the end of the journal: a new reader from the start (allocates, once per 2M reads). */
        void restart()
        {
            if (lastSeq != READ_RECORDS)
            {
                throw CodecBenchmark.failure("reader ended at seq " + lastSeq + ", expected " + READ_RECORDS);
            }
            reader.close();
            reader = journal.reader();
            passes++;
        }

        @TearDown(Level.Trial)
        public void tearDown()
        {
            try
            {
                CodecBenchmark.check(lastSeq >= 1 && lastSeq <= READ_RECORDS, "last seq read " + lastSeq);
                CodecBenchmark.check(lastLength == new Message().length, "record length " + lastLength);
            }
            finally
            {
                reader.close();
                journal.close();
                BenchDirs.delete(dir);
            }
        }
    }

    @Benchmark
    public long append(final AppendState s)
    {
        final long seq = s.seq + 1;
        s.message.seq(seq);
        s.journal.append(s.message.buffer, 0, s.message.length);
        s.seq = seq;
        return seq;
    }

    @Benchmark
    public long read(final ReadState s)
    {
        if (!s.reader.readNext(s))
        {
            s.restart();
            if (!s.reader.readNext(s))
            {
                throw new IllegalStateException("journal is empty");
            }
        }
        return s.lastSeq;
    }
}
