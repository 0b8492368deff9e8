package io.hedge.chaos.check;

import io.hedge.chaos.workload.Operation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.hedge.chaos.check.SyntheticRun.CLIENT;
import static io.hedge.chaos.check.SyntheticRun.order;
import static io.hedge.chaos.check.SyntheticRun.transfer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each checker on small made-up runs: it passes on a correct one, and fails on a broken one with the right first
 * counter-example.
 */
@Timeout(60)
class CheckersTest
{
    private SyntheticRun run;

    @BeforeEach
    void setUp()
    {
        run = new SyntheticRun("checkers");
        run.acknowledged(transfer(1, 1, 2, 500));
        run.acknowledged(order(1, 3, 2, 1_000, 10)); // a sell that rests
        run.acknowledged(order(2, 4, 1, 1_000, 4)); // a buy that fills against it: an effect (instrument 4 is routed)
        run.acknowledged(transfer(2, 2, 5, 1_000));
        run.acknowledged(order(3, 5, 1, 1_000, 6)); // fills the rest: another effect
    }

    @AfterEach
    void tearDown()
    {
        run.close();
    }

    @Test
    void everyCheckerPassesOnACorrectRunAndTheReportSaysSo() throws Exception
    {
        run.end();
        final RunRecord record = run.correct();
        assertEquals(2, run.effects(run.journal).size(), "the run has effects to check");
        final List<CheckResult> results = Checks.runAll(record);
        assertEquals(7, results.size());
        for (final CheckResult r : results)
        {
            assertTrue(r.passed(), r.toString());
        }

        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final boolean passed = ChaosReport.report(ChaosReport.Numbers.of(42, 60_000, record), results,
            new PrintStream(out, true, StandardCharsets.UTF_8), run.dir);
        assertTrue(passed);
        final String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("hedge chaos: PASS"), text);
        assertTrue(text.contains("seed 42"), text);
        assertTrue(text.contains("requests 5, acknowledged 5"), text);
        assertTrue(text.contains("PASS bank"), text);
        assertEquals(text, Files.readString(run.dir.resolve(ChaosReport.FILE_NAME)));
    }

    @Test
    void anAcknowledgedRequestMissingFromAReplicaFailsWithItsSeqAndTheFaultThen()
    {
        final long submitWall = run.wallMs + 10;
        final long corr = run.acknowledged(transfer(3, 6, 7, 10));
        run.end();
        final List<io.hedge.chaos.check.JournalEntry> shorter = run.journal.subList(0, run.journal.size() - 1);
        final FaultTimeline faults = FaultWindows.of(List.of(
            new FaultWindows.Window(submitWall - 5, submitWall + 1_000, "partition {gateway-1, replica-A} | rest")));
        final RunRecord record = run.record(Map.of("replica-A", run.journal, "replica-B", shorter),
            run.effects(run.journal), faults, RunRecord.DEFAULT_AVAILABILITY_BOUND_MS);

        final CheckResult result = new AcknowledgedChecker().check(record);
        assertFalse(result.passed());
        final CheckResult.CounterExample example = result.counterExample();
        assertEquals(6, example.seq());
        assertEquals(CLIENT, example.clientId());
        assertEquals(corr, example.correlationId());
        assertEquals("partition {gateway-1, replica-A} | rest", example.fault());
        assertTrue(example.detail().contains("replica-B does not hold seq 6"), example.detail());
    }

    @Test
    void aRequestJournaledTwiceFails()
    {
        run.end();
        final JournalEntry again = run.journal.get(2);
        run.journal.add(run.entry(6, 2, again.clientId(), again.correlationId(), order(2, 4, 1, 1_000, 4)));
        final RunRecord record = run.correct();

        final CheckResult result = new ExactlyOnceChecker().check(record);
        assertFalse(result.passed());
        assertEquals(6, result.counterExample().seq());
        assertEquals(3, result.counterExample().correlationId());
        assertTrue(result.counterExample().detail().contains("at seq 3 and again at seq 6"), result.toString());
    }

    @Test
    void aRequestAnsweredNotExecutedThatIsJournaledFails()
    {
        final long corr = run.submit(transfer(3, 1, 2, 5));
        run.history.unknown(0, run.tick(), corr);
        run.history.outcome(0, run.tick(), corr, "NOT_EXECUTED", 0, 0, "");
        run.end();
        run.journal(CLIENT, corr, transfer(3, 1, 2, 5)); // the abandoned tail spliced in later
        final RunRecord record = run.correct();

        final CheckResult result = new ExactlyOnceChecker().check(record);
        assertFalse(result.passed());
        assertEquals(6, result.counterExample().seq());
        assertEquals(corr, result.counterExample().correlationId());
        assertTrue(result.counterExample().detail().contains("NOT_EXECUTED"), result.toString());
        assertTrue(new CompletionChecker().check(record).passed(), "an unknown resolved by its outcome is complete");
    }

    @Test
    void divergingJournalsFail()
    {
        run.end();
        final List<JournalEntry> other = new ArrayList<>(run.journal);
        other.set(3, run.entry(4, 1, CLIENT, 99, transfer(9, 2, 3, 1)));
        final RunRecord record = run.record(Map.of("replica-A", run.journal, "replica-C", other),
            run.effects(run.journal), FaultTimeline.none(), RunRecord.DEFAULT_AVAILABILITY_BOUND_MS);

        final CheckResult result = new ConvergenceChecker().check(record);
        assertFalse(result.passed());
        assertEquals(4, result.counterExample().seq());
        assertTrue(result.counterExample().detail().contains("seq 4 differs"), result.toString());
    }

    @Test
    void aReplicaBootstrappedFromASnapshotConvergesOverTheSeqsItHolds()
    {
        run.end();
        final RunRecord record = run.record(Map.of("replica-A", run.journal, "replica-B",
            run.journal.subList(2, run.journal.size())), run.effects(run.journal), FaultTimeline.none(),
            RunRecord.DEFAULT_AVAILABILITY_BOUND_MS);
        for (final CheckResult r : Checks.runAll(record))
        {
            assertTrue(r.passed(), r.toString());
        }
    }

    @Test
    void cashNotConservedOrANegativeAccountFails()
    {
        run.end();
        final RunRecord record = run.correct();
        // a bank that creates money on seq 4, and one that lets account 2 go negative on seq 4
        final CheckResult inflation = new BankChecker(config -> new SkewedBank(Bank.of(config), 4, 1, 0)).check(record);
        assertFalse(inflation.passed());
        assertEquals(4, inflation.counterExample().seq());
        assertEquals(4, inflation.counterExample().correlationId());
        assertTrue(inflation.counterExample().detail().contains("total cash"), inflation.toString());

        final CheckResult negative = new BankChecker(config -> new SkewedBank(Bank.of(config), 4, 0, 2)).check(record);
        assertFalse(negative.passed());
        assertEquals(4, negative.counterExample().seq());
        assertTrue(negative.counterExample().detail().contains("account 2 is negative"), negative.toString());
    }

    @Test
    void aSubmitWithNoCompletionFails()
    {
        final long corr = run.submit(transfer(3, 1, 2, 5));
        run.end();
        final CheckResult result = new CompletionChecker().check(run.correct());
        assertFalse(result.passed());
        assertEquals(corr, result.counterExample().correlationId());
        assertTrue(result.counterExample().detail().contains("hanging"), result.toString());
    }

    @Test
    void submitsCutShortByAClientCrashAreIndeterminateButAClientThatNeverEndsFails()
    {
        run.submit(transfer(3, 1, 2, 5)); // in flight when the client was killed: no END for this session
        run.history.start(0, run.tick(), "restarted");
        run.acknowledged(transfer(4, 1, 2, 5));
        run.end();
        final CheckResult result = new CompletionChecker().check(run.correct());
        assertTrue(result.passed(), result.toString());
        assertTrue(result.checked().contains("1 indeterminate"), result.checked());

        final SyntheticRun killed = new SyntheticRun("killed");
        try
        {
            killed.acknowledged(transfer(1, 1, 2, 5));
            final CheckResult unfinished = new CompletionChecker().check(killed.correct());
            assertFalse(unfinished.passed());
            assertEquals(CLIENT, unfinished.counterExample().clientId());
            assertTrue(unfinished.counterExample().detail().contains("did not finish"), unfinished.toString());
        }
        finally
        {
            killed.close();
        }
    }

    @Test
    void aSubmitCompletedTwiceFails()
    {
        final long corr = run.acknowledged(transfer(3, 1, 2, 5));
        run.history.reject(0, run.tick(), corr, "NOT_CONNECTED");
        run.end();
        final CheckResult result = new CompletionChecker().check(run.correct());
        assertFalse(result.passed());
        assertEquals(corr, result.counterExample().correlationId());
        assertTrue(result.counterExample().detail().contains("completed 2 times"), result.toString());
    }

    @Test
    void aSinkEffectMissingOrTwiceFails()
    {
        run.end();
        final List<Object[]> effects = run.effects(run.journal);
        final List<Object[]> missing = new ArrayList<>(effects.subList(0, 1));
        final CheckResult lost = new EffectsChecker().check(run.record(Map.of("replica-A", run.journal), missing,
            FaultTimeline.none(), RunRecord.DEFAULT_AVAILABILITY_BOUND_MS));
        assertFalse(lost.passed());
        assertEquals(5, lost.counterExample().seq());
        assertEquals(5, lost.counterExample().correlationId());
        assertTrue(lost.counterExample().detail().contains("missing"), lost.toString());
    }

    @Test
    @org.junit.jupiter.api.DisplayName("rule 7: a sink that applied an effect after a gap (count/previousSeq) fails (f)")
    void aSinkEffectAfterAGapFails()
    {
        final List<EffectLog.Entry> sink = List.of(
            new EffectLog.Entry(3, 0, 11, 2, 0),
            new EffectLog.Entry(3, 1, 12, 2, 0),
            new EffectLog.Entry(9, 0, 13, 1, 7));
        final String gap = EffectsChecker.firstGap(sink);
        assertTrue(null != gap && gap.contains("seq 9") && gap.contains("never applied"), String.valueOf(gap));
        assertEquals(null, EffectsChecker.firstGap(List.of(
            new EffectLog.Entry(3, 0, 11, 2, 0),
            new EffectLog.Entry(3, 1, 12, 2, 0),
            new EffectLog.Entry(7, 0, 13, 1, 3))));
        assertTrue(null != EffectsChecker.firstGap(List.of(
            new EffectLog.Entry(3, 0, 11, 2, 0),
            new EffectLog.Entry(7, 0, 13, 1, 3))), "seq 3's second effect is missing");
    }

    @Test
    void aSinkEffectAppliedTwiceFails()
    {
        run.end();
        final List<Object[]> effects = run.effects(run.journal);
        final List<Object[]> twice = new ArrayList<>(effects);
        twice.add(1, effects.get(0)); // a restarted sink applies the first one again
        final CheckResult result = new EffectsChecker().check(run.record(Map.of("replica-A", run.journal), twice,
            FaultTimeline.none(), RunRecord.DEFAULT_AVAILABILITY_BOUND_MS));
        assertFalse(result.passed());
        assertEquals(3, result.counterExample().seq());
        assertTrue(result.counterExample().detail().contains("a second time"), result.toString());
    }

    @Test
    void aLongGapInAnswersWithNoFaultFails()
    {
        run.wallMs += 60_000;
        final long corr = run.acknowledged(transfer(3, 1, 2, 5));
        run.end();
        final CheckResult result = new AvailabilityChecker().check(run.correct());
        assertFalse(result.passed());
        assertEquals(corr, result.counterExample().correlationId());
        assertTrue(result.counterExample().detail().contains("while no fault was active"), result.toString());
    }

    @Test
    void aGapDuringAFaultPassesButNoAnswerAfterTheLastFaultFails()
    {
        final long faultStart = run.wallMs; // the last answer before the gap
        run.wallMs += 60_000;
        run.acknowledged(transfer(3, 1, 2, 5));
        run.end();
        final FaultTimeline during = FaultWindows.of(List.of(
            new FaultWindows.Window(faultStart, faultStart + 59_000, "pause gateway-1")));
        final RunRecord ok = run.record(Map.of("replica-A", run.journal), run.effects(run.journal), during, 15_000);
        final CheckResult passed = new AvailabilityChecker().check(ok);
        assertTrue(passed.passed(), passed.toString());
        assertTrue(passed.checked().contains("longest gap"), passed.checked());

        final FaultTimeline late = FaultWindows.of(List.of(
            new FaultWindows.Window(faultStart, run.wallMs + 100_000, "isolate site A")));
        final CheckResult failed = new AvailabilityChecker().check(new RunRecord(ok.histories(), ok.journals(),
            ok.sinkEffects(), late, ok.trading(), 15_000));
        assertFalse(failed.passed());
        assertNotNull(failed.counterExample());
        assertTrue(failed.counterExample().detail().contains("no request submitted after the last fault"),
            failed.toString());
    }

    /** A bank that goes wrong after one seq: money from nowhere, or an account below zero. */
    private static final class SkewedBank implements Bank
    {
        private final Bank bank;
        private final long fromSeq;
        private final long extraCash;
        private final long negativeAccount;
        private long lastSeq;

        SkewedBank(final Bank bank, final long fromSeq, final long extraCash, final long negativeAccount)
        {
            this.bank = bank;
            this.fromSeq = fromSeq;
            this.extraCash = extraCash;
            this.negativeAccount = negativeAccount;
        }

        public void apply(
            final long seq, final long ts, final long clientId, final org.agrona.DirectBuffer p, final int o, final int l)
        {
            lastSeq = seq;
            bank.apply(seq, ts, clientId, p, o, l);
        }

        public int accounts()
        {
            return bank.accounts();
        }

        public long totalCash()
        {
            return bank.totalCash() + (lastSeq >= fromSeq ? extraCash : 0);
        }

        public long cash(final long accountId)
        {
            return bank.cash(accountId);
        }

        public long lowestBalance(final long accountId)
        {
            return lastSeq >= fromSeq && accountId == negativeAccount ? -1 : bank.lowestBalance(accountId);
        }
    }
}
