package io.hedge.chaos;

import io.hedge.codecs.SequencedPrincipal;
import io.hedge.codecs.fabric.MessageHeaderDecoder;
import io.hedge.codecs.fabric.SequencedDecoder;
import io.hedge.journal.JournalReader;
import io.hedge.journal.SequencedJournal;
import io.hedge.replicas.trading.TradingConfig;
import io.hedge.replicas.trading.TradingEngine;
import org.agrona.ExpandableDirectByteBuffer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * The invariants of a run, read from the replicas' journals after every process has stopped: each journal holds
 * contiguous seqs with epochs that never fall, every journal holds the same records, each request of the audited
 * client appears exactly once, and replaying the journal into a fresh engine conserves total cash.
 */
public final class JournalAudit
{
    /**
     * What the journals say.
     *
     * @param records         records in each journal.
     * @param clientRequests  distinct correlation ids of the audited client.
     * @param epochs          distinct epochs in the journal.
     * @param cashBefore      total cash of a fresh engine.
     * @param cashAfter       total cash after replaying the journal.
     * @param effects         external effects the journal implies, each received once by the sink, in order.
     */
    public record Result(long records, long clientRequests, long epochs, long cashBefore, long cashAfter, long effects)
    {
    }

    private JournalAudit()
    {
    }

    /**
     * @param journals          the replicas' journal directories.
     * @param clientId          whose requests must each appear once.
     * @param answered          correlation ids the client saw answered as executed; each must be in the journal.
     * @param trading           the engine's configuration.
     * @param sinkEffects       {@link #effectId}s of the effects the sink accepted, in the order it accepted them.
     * @return what was found.
     * @throws AssertionError naming the first violation.
     */
    public static Result check(
        final List<Path> journals,
        final long clientId,
        final BitSet answered,
        final TradingConfig trading,
        final long[] sinkEffects)
    {
        // a replica that joined from a peer's snapshot has a journal that starts after it: the reference is the one
        // that starts at seq 1, and every other must hold the same record at every seq both hold, to the same end
        final List<List<byte[]>> all = new ArrayList<>();
        final List<Long> firstSeqs = new ArrayList<>();
        int referenceIndex = -1;
        for (final Path dir : journals)
        {
            final long[] first = {0};
            all.add(read(dir, first));
            firstSeqs.add(first[0]);
            if (first[0] == 1 && (referenceIndex < 0 || all.get(all.size() - 1).size() > all.get(referenceIndex).size()))
            {
                referenceIndex = all.size() - 1;
            }
        }
        if (referenceIndex < 0)
        {
            throw new AssertionError("no journal starts at seq 1: " + journals + " start at " + firstSeqs);
        }
        final List<byte[]> reference = all.get(referenceIndex);
        final Path referenceDir = journals.get(referenceIndex);
        for (int j = 0; j < all.size(); j++)
        {
            final List<byte[]> records = all.get(j);
            final long first = firstSeqs.get(j);
            final long last = first + records.size() - 1;
            if (last != reference.size())
            {
                throw new AssertionError(journals.get(j) + " ends at seq " + last + ", " + referenceDir + " at seq " +
                    reference.size());
            }
            for (int i = 0; i < records.size(); i++)
            {
                if (!Arrays.equals(records.get(i), reference.get((int)(first - 1) + i)))
                {
                    throw new AssertionError("seq " + (first + i) + " differs between " + journals.get(j) + " and " +
                        referenceDir);
                }
            }
        }

        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final SequencedDecoder decoder = new SequencedDecoder();
        final BitSet seen = new BitSet();
        final TradingEngine engine = new TradingEngine(trading);
        final long cashBefore = engine.totalCash();
        final ExpandableDirectByteBuffer response = new ExpandableDirectByteBuffer(TradingEngine.maxResponseLength(trading));
        final org.agrona.concurrent.UnsafeBuffer record = new org.agrona.concurrent.UnsafeBuffer(new byte[0]);
        long lastEpoch = 0;
        long epochs = 0;
        long clientRequests = 0;
        long expectedEffects = 0;
        final org.agrona.concurrent.UnsafeBuffer effects =
            new org.agrona.concurrent.UnsafeBuffer(new byte[TradingEngine.maxEffectsLength(trading)]);
        for (int i = 0; i < reference.size(); i++)
        {
            record.wrap(reference.get(i));
            decoder.wrapAndApplyHeader(record, 0, header);
            if (decoder.seq() != i + 1)
            {
                throw new AssertionError("record " + (i + 1) + " of " + referenceDir + " has seq " + decoder.seq());
            }
            if (decoder.epoch() < lastEpoch)
            {
                throw new AssertionError("seq " + decoder.seq() + " is from epoch " + decoder.epoch() + " after epoch " +
                    lastEpoch + ": an abandoned epoch's message was applied");
            }
            if (decoder.epoch() != lastEpoch)
            {
                epochs++;
                lastEpoch = decoder.epoch();
            }
            if (decoder.clientId() == clientId)
            {
                final long correlationId = decoder.correlationId();
                if (seen.get((int)correlationId))
                {
                    throw new AssertionError("request " + correlationId + " of client " + clientId +
                        " was executed twice; the second time at seq " + decoder.seq());
                }
                seen.set((int)correlationId);
                clientRequests++;
            }
            final int payloadOffset = MessageHeaderDecoder.ENCODED_LENGTH + decoder.sbeBlockLength() + Integer.BYTES;
            final int payloadLength = decoder.payloadLength();
            engine.apply(decoder.seq(), decoder.timestampNs(), decoder.clientId(),
                SequencedPrincipal.of(decoder, header.blockLength()), record, payloadOffset, payloadLength, response, 0);
            final int effectsLength = engine.effects(effects, 0);
            int index = 0;
            for (int offset = 0; offset < effectsLength; index++)
            {
                final long expected = effectId(decoder.seq(), index);
                if (expectedEffects >= sinkEffects.length || sinkEffects[(int)expectedEffects] != expected)
                {
                    throw new AssertionError("effect " + index + " of seq " + decoder.seq() + " is not the sink's " +
                        (expectedEffects + 1) + "th: the sink got " + (expectedEffects < sinkEffects.length ?
                        describe(sinkEffects[(int)expectedEffects]) : "nothing more") + " (" + sinkEffects.length +
                        " in all)");
                }
                expectedEffects++;
                offset += Integer.BYTES + effects.getInt(offset, java.nio.ByteOrder.LITTLE_ENDIAN);
            }
        }
        if (expectedEffects != sinkEffects.length)
        {
            throw new AssertionError("the sink got " + sinkEffects.length + " effects, the journal implies " +
                expectedEffects);
        }
        final BitSet missing = (BitSet)answered.clone();
        missing.andNot(seen);
        if (!missing.isEmpty())
        {
            throw new AssertionError(missing.cardinality() + " requests answered as executed are in no journal, " +
                "the first is " + missing.nextSetBit(0));
        }
        return new Result(reference.size(), clientRequests, epochs, cashBefore, engine.totalCash(), expectedEffects);
    }

    /**
     * @return one number naming an effect: its seq and its position among the seq's effects.
     */
    public static long effectId(final long seq, final int index)
    {
        return io.hedge.replicas.trading.ExpectedEffects.effectId(seq, index);
    }

    private static String describe(final long effectId)
    {
        return "seq " + (effectId >>> 16) + " effect " + (effectId & 0xFFFF);
    }

    private static List<byte[]> read(final Path dir, final long[] firstSeq)
    {
        final List<byte[]> records = new ArrayList<>();
        try (SequencedJournal journal = SequencedJournal.open(dir); JournalReader reader = journal.reader())
        {
            firstSeq[0] = journal.firstSeq();
            while (reader.readNext((buffer, offset, length) ->
            {
                final byte[] copy = new byte[length];
                buffer.getBytes(offset, copy);
                records.add(copy);
            }))
            {
                // each record is copied by the handler
            }
        }
        return records;
    }
}
