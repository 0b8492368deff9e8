package io.hedge.chaos;

import io.hedge.codecs.fabric.MessageHeaderDecoder;
import io.hedge.codecs.fabric.SequencedDecoder;
import io.hedge.codecs.ops.AdminResult;
import io.hedge.codecs.ops.AdminVerb;
import io.hedge.gateway.Gateway;
import io.hedge.gateway.admin.AdminQueue;
import io.hedge.journal.JournalReader;
import io.hedge.journal.SequencedJournal;
import io.hedge.replicas.Replica;
import io.hedge.replicas.trading.TradingEngine;
import io.hedge.replicas.trading.TradingWorkload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Planned switchovers under load over a real fabric (three gateways, three replicas, loopback): requests at 2,000/s,
 * after a warm-up a switchover to the next gateway every 1,000 requests (20 in all), handed to the active gateway's
 * AdminQueue as the ops agent hands it. Every switchover is OK, no request ends OUTCOME_UNKNOWN (the SDK's timeout), every one is answered once,
 * and the journal holds each exactly once. Prints the client latency with and without switchovers.
 */
@Timeout(300)
class SwitchoverFabricTest
{
    private static final int RATE_PER_SECOND = 2_000;
    private static final int WARM_UP = 2_000;
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
                    switchovers.add(switchover(fabric));
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
            assertEquals(REQUESTS, sequencedRequests(fabric), "each request sequenced exactly once");
        }
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

    /**
     * @return the journal entries of clients (gateway-made entries left out), each correlation id of a client once.
     */
    private static long sequencedRequests(final TestFabric fabric)
    {
        final Set<String> seen = new HashSet<>();
        final long[] entries = new long[1];
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final SequencedDecoder decoder = new SequencedDecoder();
        try (SequencedJournal journal = SequencedJournal.open(fabric.journalDir("A"));
            JournalReader reader = journal.reader())
        {
            while (reader.readNext((buffer, offset, length) ->
            {
                decoder.wrapAndApplyHeader(buffer, offset, header);
                if (decoder.clientId() > 0)
                {
                    entries[0]++;
                    assertTrue(seen.add(decoder.clientId() + "/" + decoder.correlationId()),
                        "sequenced twice: " + decoder.clientId() + "/" + decoder.correlationId());
                }
            }))
            {
                // each record is checked by the handler
            }
        }
        return entries[0];
    }
}
