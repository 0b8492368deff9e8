package io.hedge.chaos.check;

import io.hedge.replicas.trading.TradingEngine;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;

/**
 * (c) Replicas converge: each journal holds contiguous seqs whose epochs never fall; every two journals hold the same
 * bytes at every seq both hold, and end at the same seq; and replaying each journal that starts at seq 1 into a fresh
 * {@link TradingEngine} gives equal full state hashes. (A journal that starts later, after a peer's snapshot, is
 * compared record by record only.)
 */
public final class ConvergenceChecker implements Checker
{
    public static final String NAME = "convergence";

    @Override
    public CheckResult check(final RunRecord run)
    {
        if (run.journals().isEmpty())
        {
            return CheckResult.fail(NAME, "no journals", new CheckResult.CounterExample(0, 0, 0, null,
                "the run gave no replica journal to check"));
        }
        for (final ReplicaJournal journal : run.journals())
        {
            long lastEpoch = 0;
            long expectedSeq = journal.firstSeq();
            for (final JournalEntry e : journal.entries())
            {
                if (e.seq() != expectedSeq)
                {
                    return fail(run, e, journal.name() + " holds seq " + e.seq() + " where seq " + expectedSeq +
                        " belongs");
                }
                if (e.epoch() < lastEpoch)
                {
                    return fail(run, e, journal.name() + " holds seq " + e.seq() + " of epoch " + e.epoch() +
                        " after epoch " + lastEpoch + ": an abandoned epoch's message was spliced in");
                }
                lastEpoch = e.epoch();
                expectedSeq++;
            }
        }
        final ReplicaJournal first = run.journals().get(0);
        long compared = 0;
        for (final ReplicaJournal other : run.journals())
        {
            final long from = Math.max(first.firstSeq(), other.firstSeq());
            final long to = Math.min(first.lastSeq(), other.lastSeq());
            for (long seq = from; seq <= to; seq++)
            {
                final JournalEntry a = first.at(seq);
                final JournalEntry b = other.at(seq);
                compared++;
                if (!Arrays.equals(a.record(), b.record()))
                {
                    return fail(run, a, "seq " + seq + " differs: " + first.name() + " has client " + a.clientId() +
                        " correlation id " + a.correlationId() + " epoch " + a.epoch() + ", " + other.name() +
                        " has client " + b.clientId() + " correlation id " + b.correlationId() + " epoch " + b.epoch());
                }
            }
            if (first.lastSeq() != other.lastSeq())
            {
                final ReplicaJournal longer = first.lastSeq() > other.lastSeq() ? first : other;
                final JournalEntry e = longer.at(Math.min(first.lastSeq(), other.lastSeq()) + 1);
                return fail(run, e, first.name() + " ends at seq " + first.lastSeq() + ", " + other.name() +
                    " at seq " + other.lastSeq());
            }
        }
        String hashes = "";
        long referenceHash = 0;
        String referenceName = null;
        int replayed = 0;
        for (final ReplicaJournal journal : run.journals())
        {
            if (journal.firstSeq() != 1)
            {
                continue;
            }
            final long hash = replayHash(journal, run);
            replayed++;
            if (null == referenceName)
            {
                referenceName = journal.name();
                referenceHash = hash;
            }
            else if (hash != referenceHash)
            {
                return CheckResult.fail(NAME, replayed + " journals replayed", new CheckResult.CounterExample(
                    journal.lastSeq(), 0, 0, null, "state hash after replaying " + journal.name() + " is " +
                    Long.toHexString(hash) + ", after " + referenceName + " " + Long.toHexString(referenceHash)));
            }
            hashes = Long.toHexString(hash);
        }
        return CheckResult.pass(NAME, run.journals().size() + " journals to seq " + first.lastSeq() + ", contiguous, " +
            "epochs rising, " + compared + " seq comparisons equal; " + replayed + " replayed to state hash " +
            (hashes.isEmpty() ? "(none starts at seq 1)" : hashes));
    }

    static long replayHash(final ReplicaJournal journal, final RunRecord run)
    {
        final TradingEngine engine = new TradingEngine(run.trading());
        final ExpandableArrayBuffer response = new ExpandableArrayBuffer(TradingEngine.maxResponseLength(run.trading()));
        final UnsafeBuffer record = new UnsafeBuffer(new byte[0]);
        for (final JournalEntry e : journal.entries())
        {
            record.wrap(e.record());
            // principal 0: the checked engine has no account owners table, so the principal changes no answer
            engine.apply(e.seq(), e.timestampNs(), e.clientId(), 0, record, e.payloadOffset(), e.payloadLength(),
                response, 0);
        }
        return engine.fullStateHash();
    }

    private static CheckResult fail(final RunRecord run, final JournalEntry e, final String detail)
    {
        return CheckResult.fail(NAME, run.journals().size() + " journals compared",
            new CheckResult.CounterExample(null == e ? 0 : e.seq(), null == e ? 0 : e.clientId(),
                null == e ? 0 : e.correlationId(), null == e ? null : run.faultAtSubmit(e.clientId(), e.correlationId()),
                detail));
    }
}
