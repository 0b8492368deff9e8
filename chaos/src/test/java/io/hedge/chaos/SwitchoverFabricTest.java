package io.hedge.chaos;

import io.hedge.codecs.ops.AdminResult;
import io.hedge.codecs.ops.AdminVerb;
import io.hedge.gateway.Gateway;
import io.hedge.gateway.admin.AdminQueue;
import io.hedge.replicas.Replica;
import io.hedge.replicas.trading.TradingEngine;
import io.hedge.replicas.trading.TradingWorkload;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Planned switchovers under load over a real fabric (three gateways, three replicas, loopback): requests at 2,000/s,
 * after a warm-up a switchover to the next gateway every 1,000 requests (20 in all), handed to the active gateway's
 * AdminQueue as the ops agent hands it. Every switchover is OK, no request ends OUTCOME_UNKNOWN (the SDK's timeout),
 * every one is answered once, and the journal holds each exactly once. Prints each switchover's client impact (the
 * latency it added, requests timed from when they were due) against the requests away from any switchover, and
 * asserts it stays far below an unplanned takeover's.
 */
@Timeout(300)
class SwitchoverFabricTest
{
    private static final int RATE_PER_SECOND = 2_000;
    /** Three seconds: the client's, the gateways' and the replicas' request paths compiled before the first one. */
    private static final int WARM_UP = 6_000;
    /**
     * A request due this long before a switchover began can still be waiting when it does: it counts as affected.
     * Requests due further from any switchover make the baseline.
     */
    private static final long AFFECTED_BEFORE_NS = TimeUnit.MILLISECONDS.toNanos(100);
    /** Requests due within this long after a switchover ended may still queue behind it: neither window nor baseline. */
    private static final long SETTLE_AFTER_NS = TimeUnit.MILLISECONDS.toNanos(200);
    /**
     * The largest added latency allowed for any switchover: far less than an unplanned takeover's client impact
     * (about 560 ms in docs/PERFORMANCE.md), with room for a loaded 2-core machine. The target, 50 ms, is a
     * figure to report, not to assert on a shared machine.
     */
    private static final long MAX_ADDED_MS = 400;
    private static final int SWITCHOVERS = 20;
    private static final int EVERY = 1_000;
    private static final int REQUESTS = WARM_UP + SWITCHOVERS * EVERY + EVERY;

    @Test
    void plannedSwitchoversUnderLoadLoseNothingAndTimeNothingOut() throws Exception
    {
        try (TestFabric fabric =
            new TestFabric("switchover", 4096, site -> new TradingEngine(TestFabric.TRADING), 3, 3);
            RequestDriver driver = new RequestDriver(fabric))
        {
            final List<CompletableFuture<String>> switchovers = new ArrayList<>();
            final List<long[]> windows = new ArrayList<>();
            final long[] baselineNs = new long[2];
            final TradingWorkload workload = new TradingWorkload(61, TestFabric.TRADING, 60, 10, 30);
            driver.send(workload, REQUESTS, 256, TimeUnit.SECONDS.toNanos(1) / RATE_PER_SECOND, sent ->
            {
                if (sent == WARM_UP)
                {
                    baselineNs[0] = driver.latencyNs.getMaxValue();
                    baselineNs[1] = driver.latencyNs.getValueAtPercentile(99);
                }
                final boolean previousDone = switchovers.isEmpty() || switchovers.get(switchovers.size() - 1).isDone();
                if (sent >= WARM_UP && sent % EVERY == 0 && switchovers.size() < SWITCHOVERS && previousDone)
                {
                    final long[] window = {System.nanoTime(), 0};
                    windows.add(window);
                    switchovers.add(switchover(fabric).whenComplete((answer, error) -> window[1] = System.nanoTime()));
                }
            });
            assertEquals(SWITCHOVERS, switchovers.size(), "every switchover was asked for");
            for (final CompletableFuture<String> done : switchovers)
            {
                final String answer = done.get(60, TimeUnit.SECONDS);
                assertTrue(answer.startsWith("OK"), answer);
            }
            assertEquals(0, driver.timedOut, "no request ended OUTCOME_UNKNOWN");
            assertEquals(0, driver.duplicateAnswers);
            assertEquals(0, driver.notOk, "every request executed");
            assertEquals(REQUESTS, driver.answered);
            System.out.printf("switchover: %d requests at %d/s, %d planned switchovers: client latency max %.1f ms, " +
                "p99 %.1f ms, p99.9 %.1f ms; before the first switchover max %.1f ms, p99 %.1f ms%n", REQUESTS,
                RATE_PER_SECOND, SWITCHOVERS, driver.latencyNs.getMaxValue() / 1e6,
                driver.latencyNs.getValueAtPercentile(99) / 1e6, driver.latencyNs.getValueAtPercentile(99.9) / 1e6,
                baselineNs[0] / 1e6, baselineNs[1] / 1e6);
            switchovers.forEach(done -> System.out.println("switchover: " + done.join()));
            assertSwitchoverImpact(driver, windows);

            final Gateway active = fabric.activeGateway();
            final long lastSeq = active.agent().lastSeq();
            for (final Replica replica : fabric.replicas)
            {
                TestFabric.awaitTrue("site " + replica.agent().site() + " applied seq " + lastSeq, 30,
                    () -> replica.agent().appliedSeq() == lastSeq);
                assertEquals(fabric.replicas.get(0).agent().stateHash(), replica.agent().stateHash());
            }
            for (final Replica replica : fabric.replicas)
            {
                replica.close();
            }
            JournalChecks.assertEachRequestOnce(fabric.journalDir("A"), REQUESTS);
        }
    }

    /**
     * The client impact of each switchover: the largest latency of a request due from shortly before it began until
     * it ended, each request timed from when it was due (open loop: one held behind the switchover is charged the
     * wait), less the median latency of the requests after the warm-up that were due nowhere near a switchover.
     */
    private static void assertSwitchoverImpact(final RequestDriver driver, final List<long[]> windows)
    {
        final Histogram baseline = new Histogram(3);
        final long[] windowMaxNs = new long[windows.size()];
        final long[] warmUpEndNs = new long[1];
        driver.forEachRequest(WARM_UP, (scheduledNs, answeredNs) -> warmUpEndNs[0] = Math.max(warmUpEndNs[0], scheduledNs));
        driver.forEachRequest(REQUESTS, (scheduledNs, answeredNs) ->
        {
            final long latencyNs = answeredNs - scheduledNs;
            boolean near = false;
            for (int k = 0; k < windows.size(); k++)
            {
                final long[] window = windows.get(k);
                if (scheduledNs >= window[0] - AFFECTED_BEFORE_NS && scheduledNs <= window[1])
                {
                    windowMaxNs[k] = Math.max(windowMaxNs[k], latencyNs);
                    near = true;
                }
                else if (scheduledNs > window[1] && scheduledNs <= window[1] + SETTLE_AFTER_NS)
                {
                    near = true;
                }
            }
            if (!near && scheduledNs > warmUpEndNs[0] && answeredNs > 0)
            {
                baseline.recordValue(latencyNs);
            }
        });
        final long typicalNs = baseline.getValueAtPercentile(50);
        final Histogram added = new Histogram(3);
        final StringBuilder each = new StringBuilder();
        for (final long maxNs : windowMaxNs)
        {
            added.recordValue(Math.max(0, maxNs - typicalNs));
            each.append(each.length() == 0 ? "" : " ").append(String.format("%.1f", (maxNs - typicalNs) / 1e6));
        }
        System.out.printf("switchover impact: added latency per switchover (ms): %s%n", each);
        System.out.printf("switchover impact: %d switchovers, added latency median %.1f ms, max %.1f ms; baseline " +
            "(%d requests away from any switchover) p50 %.2f ms, p99 %.2f ms, max %.1f ms%n", windows.size(),
            added.getValueAtPercentile(50) / 1e6, added.getMaxValue() / 1e6, baseline.getTotalCount(), typicalNs / 1e6,
            baseline.getValueAtPercentile(99) / 1e6, baseline.getMaxValue() / 1e6);
        assertTrue(baseline.getTotalCount() > EVERY, "a baseline of requests away from the switchovers");
        assertTrue(added.getMaxValue() < TimeUnit.MILLISECONDS.toNanos(MAX_ADDED_MS),
            "a planned switchover added at most " + MAX_ADDED_MS + " ms; the worst added " + added.getMaxValue() / 1e6 +
            " ms");
    }

    /**
     * Hand the active gateway a switchover to the next gateway.
     *
     * @return "RESULT detail" once answered.
     */
    private static CompletableFuture<String> switchover(final TestFabric fabric)
    {
        final CompletableFuture<String> answer = new CompletableFuture<>();
        final Gateway active = fabric.activeGateway();
        if (null == active)
        {
            answer.complete("FAILED: no active gateway to ask");
            return answer;
        }
        final int target = active.agent().gatewayId() % fabric.gateways.length + 1;
        final boolean offered = active.agent().adminQueue().offer(new AdminQueue.Command(
            AdminVerb.SWITCHOVER, target, 1, 1, (result, seq, detail) ->
            answer.complete(result + " " + detail + (result == AdminResult.OK ? "" : " (to gateway " + target + ")"))));
        if (!offered)
        {
            answer.complete("FAILED: the admin queue is full");
        }
        return answer;
    }
}
