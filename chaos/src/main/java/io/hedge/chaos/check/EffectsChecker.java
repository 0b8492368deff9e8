package io.hedge.chaos.check;

import io.hedge.replicas.trading.ExpectedEffects;
import io.hedge.replicas.trading.TradingEngine;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;

/**
 * (f) The effects sink holds exactly the effects the final journal implies (replaying the reference journal into a
 * fresh engine, {@link ExpectedEffects}), in order, each once, with the same bytes (CRC-32).
 */
public final class EffectsChecker implements Checker
{
    public static final String NAME = "effects";

    @Override
    public CheckResult check(final RunRecord run)
    {
        if (null == run.sinkEffects())
        {
            return CheckResult.pass(NAME, "skipped: the run kept no record of the sink");
        }
        final ReplicaJournal journal = run.reference();
        if (null == journal)
        {
            return CheckResult.fail(NAME, "no journal starts at seq 1", new CheckResult.CounterExample(0, 0, 0, null,
                "no replica journal starts at seq 1, so the effects it implies cannot be known"));
        }
        final List<EffectLog.Entry> expected = new ArrayList<>();
        final ExpectedEffects effects = new ExpectedEffects(new TradingEngine(run.trading()),
            TradingEngine.maxResponseLength(run.trading()),
            (seq, index, buffer, offset, length) -> expected.add(
                new EffectLog.Entry(seq, index, EffectLog.crc(buffer, offset, length))));
        final UnsafeBuffer record = new UnsafeBuffer(new byte[0]);
        for (final JournalEntry e : journal.entries())
        {
            record.wrap(e.record());
            effects.onRecord(record, 0, e.record().length);
        }
        final List<EffectLog.Entry> sink = run.sinkEffects();
        final String gap = firstGap(sink);
        if (null != gap)
        {
            return CheckResult.fail(NAME, "the sink applied an effect after a gap", new CheckResult.CounterExample(
                0, 0, 0, null, gap));
        }
        for (int i = 0; i < Math.max(expected.size(), sink.size()); i++)
        {
            final EffectLog.Entry want = i < expected.size() ? expected.get(i) : null;
            final EffectLog.Entry got = i < sink.size() ? sink.get(i) : null;
            if (null != want && want.sameEffect(got))
            {
                continue;
            }
            final String again = null == got ? "" : twice(sink, i);
            // a repeat is about the effect repeated; anything else about the effect the journal wants there
            final long seq = !again.isEmpty() || null == want ? got.seq() : want.seq();
            final JournalEntry at = journal.at(seq);
            final String detail;
            if (null == got)
            {
                detail = "effect (seq " + want.seq() + ", index " + want.index() + ") is missing at the sink: it holds " +
                    sink.size() + " effects, the journal implies " + expected.size();
            }
            else if (null == want)
            {
                detail = "the sink holds an extra effect (seq " + got.seq() + ", index " + got.index() + ") at position " +
                    i + again + "; the journal implies " + expected.size();
            }
            else
            {
                detail = "effect " + i + " at the sink is (seq " + got.seq() + ", index " + got.index() + ", crc " +
                    got.crc() + ")" + again + ", the journal implies (seq " + want.seq() + ", index " +
                    want.index() + ", crc " + want.crc() + ")";
            }
            return CheckResult.fail(NAME, i + " effects matched before the first difference",
                new CheckResult.CounterExample(seq, null == at ? 0 : at.clientId(), null == at ? 0 : at.correlationId(),
                    null == at ? null : run.faultAtSubmit(at.clientId(), at.correlationId()), detail));
        }
        return CheckResult.pass(NAME, expected.size() + " effects implied by " + journal.name() + " (" +
            journal.entries().size() + " requests), the sink holds each once, in order, with the same bytes");
    }

    /**
     * Rule 7: each effect the sink applied must follow the one before it by its count and previousSeq (where the log
     * has them): the next index of the same seq, or index 0 of a later seq whose previousSeq is the last one's seq
     * once that seq is complete.
     *
     * @return what the first gap is, or null when there is none.
     */
    static String firstGap(final List<EffectLog.Entry> sink)
    {
        EffectLog.Entry last = null;
        for (int i = 0; i < sink.size(); i++)
        {
            final EffectLog.Entry e = sink.get(i);
            if (e.count() > 0)
            {
                final boolean follows;
                if (null == last)
                {
                    follows = e.index() == 0 && e.previousSeq() == 0 || e.index() > 0;
                }
                else if (e.seq() == last.seq())
                {
                    follows = e.index() <= last.index() || e.index() == last.index() + 1;
                }
                else
                {
                    follows = e.seq() < last.seq() || (e.index() == 0 && e.previousSeq() == last.seq() &&
                        (last.count() == 0 || last.index() == last.count() - 1));
                }
                if (!follows)
                {
                    return "effect " + i + " at the sink, (seq " + e.seq() + ", index " + e.index() + " of " +
                        e.count() + ", previousSeq " + e.previousSeq() + "), does not follow " + (null == last ?
                        "the start" : "(seq " + last.seq() + ", index " + last.index() + " of " + last.count() + ")") +
                        ": the effects between were never applied";
                }
            }
            last = e;
        }
        return null;
    }

    private static String twice(final List<EffectLog.Entry> sink, final int i)
    {
        final EffectLog.Entry got = sink.get(i);
        for (int j = 0; j < i; j++)
        {
            if (sink.get(j).seq() == got.seq() && sink.get(j).index() == got.index())
            {
                return " (a second time: it was also effect " + j + ")";
            }
        }
        return "";
    }
}
