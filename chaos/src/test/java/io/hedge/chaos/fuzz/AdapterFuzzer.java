package io.hedge.chaos.fuzz;

import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.hedge.transport.MemberSeal;
import io.hedge.transport.SealedFragmentHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;

import java.lang.management.ManagementFactory;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * Feeds one adapter random and mutated fabric messages, directly, and measures what happened: messages tried, how
 * many were mutated, how many mutated ones a listener acted on (through a seal, none may), ranges handed to listeners
 * outside the message, the longest single call, and the bytes the thread allocated over the last quarter of the run.
 *
 * <p>Each message is handed over in a buffer whose capacity ends exactly where the message ends (plus the seal, when
 * sealed), so an adapter that reads past a message's end fails with an exception here instead of reading the next
 * message's bytes.
 */
public final class AdapterFuzzer
{
    /** What one run found. */
    public static final class Result
    {
        public String name;
        public long tried;
        public long mutated;
        public long mutatedApplied;
        public long applied;
        public long badRanges;
        public long maxCallNs;
        public long elapsedNs;
        public long tailMessages;
        public long tailAllocatedBytes;
        public long malformedDropped;
        public long sealRejected;

        public double rate()
        {
            return tried * 1e9 / Math.max(1, elapsedNs);
        }

        @Override
        public String toString()
        {
            return String.format("fuzz %-32s %,d messages in %.1f s (%,.0f/s); %,d mutated, %,d of them applied; " +
                "%,d applied in all; %,d dropped as malformed, %,d refused by the seal; %,d bad ranges; longest call " +
                "%,d us; %,d bytes allocated over the last %,d messages", name, tried, elapsedNs / 1e9, rate(), mutated,
                mutatedApplied, applied, malformedDropped, sealRejected, badRanges, maxCallNs / 1000,
                tailAllocatedBytes, tailMessages);
        }
    }

    private static final int OFFSET = 32;
    private static final int CAPACITY = 16 * 1024;

    private final FabricCorpus corpus;
    private final long seed;

    public AdapterFuzzer(final FabricCorpus corpus, final long seed)
    {
        this.corpus = corpus;
        this.seed = seed;
    }

    /**
     * @param seal when not null, every message is sealed before it is mutated, and fed through a
     *             {@link SealedFragmentHandler} with this key: no mutated message may then reach a listener.
     */
    public Result run(final FuzzTarget target, final long count, final byte[] sealKey, final AtomicCounter sealRejected)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final Mutator mutator = new Mutator(random, corpus.templateIds());
        final MemberSeal sealer = null == sealKey ? null : new MemberSeal(sealKey);
        final FragmentHandler handler = null == sealKey ? target.handler :
            SealedFragmentHandler.wrap(new MemberSeal(sealKey), target.handler, sealRejected);
        final byte[] work = new byte[OFFSET + CAPACITY];
        final UnsafeBuffer writer = new UnsafeBuffer(work);
        final UnsafeBuffer view = new UnsafeBuffer(work);
        final byte[] original = new byte[CAPACITY];
        final Header header = new Header(0, 0);
        header.context("fuzz-source:40123");
        // a frame header, as Aeron always hands one: the seal's rejections name its stream and session
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[io.aeron.protocol.DataHeaderFlyweight.HEADER_LENGTH]);
        frame.putInt(io.aeron.protocol.DataHeaderFlyweight.STREAM_ID_FIELD_OFFSET, 10,
            java.nio.ByteOrder.LITTLE_ENDIAN);
        frame.putInt(io.aeron.protocol.DataHeaderFlyweight.SESSION_ID_FIELD_OFFSET, 40123,
            java.nio.ByteOrder.LITTLE_ENDIAN);
        header.buffer(frame);
        header.offset(0);
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long threadId = Thread.currentThread().getId();
        final long tailFrom = count - count / 4;
        final long sealRejectedBefore = null == sealRejected ? 0 : sealRejected.get();
        final long droppedBefore = target.inbound.dropped();

        final Result result = new Result();
        result.name = target.name + (null == sealKey ? "" : " (sealed)");
        long tailStartBytes = 0;
        final long start = System.nanoTime();
        for (long i = 0; i < count; i++)
        {
            if (i == tailFrom)
            {
                tailStartBytes = threads.getThreadAllocatedBytes(threadId);
            }
            final FabricCorpus.Sample sample = corpus.get(random.nextInt(corpus.size()));
            writer.putBytes(OFFSET, sample.bytes);
            int length = sample.bytes.length;
            if (null != sealer)
            {
                length = sealer.seal(writer, OFFSET, length);
            }
            System.arraycopy(work, OFFSET, original, 0, length);
            final int originalLength = length;
            if (random.nextInt(10) > 0)
            {
                length = mutator.mutate(writer, OFFSET, length, CAPACITY, sample.varLengthOffsets,
                    sample.groupHeaderOffsets);
            }
            final boolean mutated = length != originalLength || differs(work, original, length);
            view.wrap(work, 0, OFFSET + length);
            final long appliedBefore = target.record.applied();
            final long callStart = System.nanoTime();
            try
            {
                handler.onFragment(view, OFFSET, length, header);
            }
            catch (final RuntimeException ex)
            {
                throw new AssertionError(result.name + ": message " + i + " (template " + sample.templateId +
                    ", mutated " + mutated + ") threw: " + HexFormat.of().formatHex(work, OFFSET, OFFSET + length), ex);
            }
            final long callNs = System.nanoTime() - callStart;
            result.maxCallNs = Math.max(result.maxCallNs, callNs);
            if (mutated)
            {
                result.mutated++;
                if (target.record.applied() != appliedBefore)
                {
                    result.mutatedApplied++;
                }
            }
        }
        result.elapsedNs = System.nanoTime() - start;
        result.tailAllocatedBytes = threads.getThreadAllocatedBytes(threadId) - tailStartBytes;
        result.tailMessages = count - tailFrom;
        result.tried = count;
        result.applied = target.record.applied();
        result.badRanges = target.record.badRanges();
        result.malformedDropped = target.inbound.dropped() - droppedBefore;
        result.sealRejected = null == sealRejected ? 0 : sealRejected.get() - sealRejectedBefore;
        return result;
    }

    private static boolean differs(final byte[] work, final byte[] original, final int length)
    {
        for (int i = 0; i < length; i++)
        {
            if (work[OFFSET + i] != original[i])
            {
                return true;
            }
        }
        return false;
    }
}
