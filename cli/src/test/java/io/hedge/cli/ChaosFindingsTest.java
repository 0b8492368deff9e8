package io.hedge.cli;

import io.hedge.chaos.net.Netns;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.concurrent.TimeUnit;

/**
 * Each finding of the first ten seeds of {@code hedge chaos} against protocol v1 (docs/CHAOS.md), replayed with the
 * seed (and duration) that showed it, findings 5 and 6 those of the protocol v2 soak: the nemesis schedule is the seed's, so the same faults come at the same times, and every
 * checker must now pass. Three minutes each, so they are a command of their own (tag {@code soak}):
 * {@code mvn -B verify -pl cli -am -Dhedge.test.excludeTags= -Dhedge.test.includeTags=soak
 * -Dtest=ChaosFindingsTest -Dsurefire.failIfNoSpecifiedTests=false}. Finding 3 (a sink restarted mid-term) is the
 * default run's {@link ChaosCommandTest}.
 */
@Tag("soak")
@Timeout(value = 480, unit = TimeUnit.SECONDS)
class ChaosFindingsTest
{
    @ParameterizedTest(name = "finding {0}, seed {1}, {2} s: {3}")
    @CsvSource(delimiter = '|', value = {
        "1 | 101 | 120 | a minority gateway acknowledged through one replica; the majority re-sequenced those seqs",
        "1 | 505 | 120 | an answer left on the first response just before a partition; the new majority lost it",
        "2 | 606 | 120 | the sink took effects of an abandoned epoch from the minority gateway",
        "4 | 202 | 120 | a full disk left a zombie role, a torn journal and a fabric that could elect no one",
        "4 | 404 | 120 | a full disk with a replica DIVERGED by a partition: no election could be won",
        "5 | 1101 | 180 | v2: a resend of a kept but uncommitted seq was told DUPLICATE_NOT_CACHED, then re-sequenced",
        "6 | 1102 | 180 | v2: replicas whose tmpfs filled went on applying without journaling, then diverged",
        "10 | 1208 | 210 | v2: a repair's cut met an effects excerpt torn by a full disk; the replica stuck half-repaired",
        "11 | 1302 | 210 | forge: a restarting replica's frozen counters (its killed driver's) were read as a live role's",
    })
    void theSeedThatShowedTheFindingNowPassesEveryChecker(
        final int finding, final long seed, final int seconds, final String what) throws Exception
    {
        Assumptions.assumeTrue(Netns.isRoot(), "skipped: needs root (" + Netns.notRootMessage() + ")");
        try (ChaosRunFixture run = ChaosRunFixture.start(seed, "--duration", String.valueOf(seconds)))
        {
            run.awaitReport(400);
            run.assertEveryCheckerPassed();
            run.assertNothingLeftBehind();
        }
    }
}
