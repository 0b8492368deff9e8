package io.hedge.cli;

import io.hedge.chaos.nemesis.FaultKind;
import io.hedge.chaos.run.ChaosOptions;
import io.hedge.chaos.net.Netns;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The short {@code hedge chaos} run of the default test run: a minute with a fixed seed and one fault of each kind
 * (partitions, a full disk, a killed and restarted sink among them), {@code hedge chaos} as a process of its own, as
 * root (skipped otherwise). Every safety checker must pass (availability is reported), every kind of fault must have
 * been injected, and nothing may be left behind. This seed is also the regression test of chaos finding 3 (a sink restarted mid-term lost effects:
 * effect 30 at the sink was seq 1002 where the journal implied 612); the other findings' seeds run in
 * {@link ChaosFindingsTest}.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ChaosCommandTest
{
    private static final long SEED = 20261130L;

    @Test
    void aShortRunWithOneFaultOfEachKindPassesEveryCheckerAndLeavesNothingBehind() throws Exception
    {
        Assumptions.assumeTrue(Netns.isRoot(), "skipped: needs root (" + Netns.notRootMessage() + ")");
        try (ChaosRunFixture run = ChaosRunFixture.start(SEED,
            "--duration", "60", "--one-of-each", "--clients", "3", "--rate", "30"))
        {
            final String output = run.awaitReport(200);
            final Matcher injected = Pattern.compile("faults injected by kind: (.*)").matcher(output);
            assertTrue(injected.find(), output);
            for (final FaultKind kind : FaultKind.values())
            {
                if (kind == FaultKind.FORGE && !ChaosOptions.DEFAULT_SECURE)
                {
                    continue; // forge runs with --secure only
                }
                assertTrue(injected.group(1).contains(kind.label() + " 1"), kind.label() + " not injected:\n" + output);
            }
            // availability (an OK answer within 15 s of any moment) is not asserted here: on a 2-core machine running
            // the build, one run in four of this seed saw a 15.2 s gap during a minority/majority partition
            // (docs/CHAOS.md); nothing acknowledged was lost, run twice or left unresolved in it
            run.assertEverySafetyCheckerPassed();
            run.assertNothingLeftBehind();
        }
    }
}
