package io.hedge.chaos.fuzz;

import io.hedge.chaos.EffectSinkFuzzTargets;
import io.hedge.client.ClientFuzzTargets;
import io.hedge.gateway.GatewayFuzzTargets;
import io.hedge.replicas.ReplicaFuzzTargets;
import io.hedge.transport.SecurityCounters;
import org.agrona.concurrent.status.AtomicCounter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 14, item 6: random and mutated fabric messages fed directly to each role's adapters (no media driver):
 * the gateway's client ingress, replica and peer adapters, the replica's gateway adapter, the client's egress adapter
 * and the effects sink's adapter. Mutations of well-formed messages of every template (bit flips, random bytes,
 * lengths set to 0, -1, huge and just past the end, block length and version changes, template and schema id swaps,
 * truncation, appended garbage) and purely random bytes.
 *
 * <p>For every adapter: no exception escapes (each message is handed over in a buffer that ends where it ends, so
 * reading past it throws), no call hangs, every range handed to a listener lies within the message, and the thread
 * allocates (nearly) nothing over the last quarter of the run. Member adapters are fuzzed twice: raw, for robustness,
 * and behind {@code SealedFragmentHandler} with the cluster key (contract 8), where no mutated message may reach a
 * listener at all.
 *
 * <p>Messages per adapter run: {@code -Dhedge.fuzz.messages=N} (default 250,000); seed: {@code -Dhedge.fuzz.seed}.
 */
class AdapterFuzzTest
{
    /**
     * 250,000 by default (about 20 s in all on a loaded 2-core machine); the full run of the figures in
     * docs/SECURITY.md is {@code -Dhedge.fuzz.messages=1000000} (about 80 s there).
     */
    private static final long MESSAGES = Long.getLong("hedge.fuzz.messages", 250_000L);
    private static final long SEED = Long.getLong("hedge.fuzz.seed", 14L);
    /** A call longer than this is a hang, whatever the machine's load. */
    private static final long MAX_CALL_NS = 2_000_000_000L;
    /** Over the last quarter of a run: a few rate-limited log lines, nothing per message. */
    private static final long MAX_TAIL_ALLOCATION_BYTES = 256L * 1024;
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);
    private static final List<String> FIGURES = new ArrayList<>();

    private static FabricCorpus corpus;
    private static byte[] key;

    @BeforeAll
    static void corpus()
    {
        corpus = new FabricCorpus(SEED, 12);
        key = new byte[32];
        new SplittableRandom(SEED).nextBytes(key);
    }

    @AfterAll
    static void figures()
    {
        System.out.println("hedge fuzz (issue 14): " + MESSAGES + " messages per adapter run, seed " + SEED + ", " +
            corpus.size() + " well-formed samples of " + corpus.templateIds().length + " templates");
        FIGURES.forEach(System.out::println);
    }

    @Test
    void gatewayIngressSurvivesAnything()
    {
        clientFacing(GatewayFuzzTargets::ingress);
    }

    @Test
    void clientEgressSurvivesAnything()
    {
        clientFacing(() -> ClientFuzzTargets.egress(7));
    }

    @Test
    void gatewayReplicaAdapterSurvivesAnythingAndAppliesNothingUnsealed()
    {
        member(GatewayFuzzTargets::replicaInbound);
    }

    @Test
    void gatewayPeerAdapterSurvivesAnythingAndAppliesNothingUnsealed()
    {
        member(GatewayFuzzTargets::peers);
    }

    @Test
    void replicaGatewayAdapterSurvivesAnythingAndAppliesNothingUnsealed()
    {
        member(ReplicaFuzzTargets::gatewayAdapter);
    }

    @Test
    void effectsSinkAdapterSurvivesAnythingAndAppliesNothingUnsealed()
    {
        member(EffectSinkFuzzTargets::sinkAdapter);
    }

    private static void clientFacing(final Supplier<FuzzTarget> target)
    {
        final AdapterFuzzer.Result result = run(target.get(), null, null);
        assertTrue(result.applied > 0, "well-formed messages still reach the listener: " + result);
    }

    private static void member(final Supplier<FuzzTarget> target)
    {
        final AdapterFuzzer.Result raw = run(target.get(), null, null);
        assertTrue(raw.applied > 0, "well-formed messages still reach the listener: " + raw);

        final AtomicCounter rejected = SecurityCounters.inMemory("fuzz").memberMessagesRejected();
        final AdapterFuzzer.Result sealed = run(target.get(), key, rejected);
        assertEquals(0, sealed.mutatedApplied, "a mutated message reached a listener through the seal: " + sealed);
        assertTrue(sealed.applied > 0, "sealed well-formed messages still reach the listener: " + sealed);
        assertTrue(sealed.sealRejected > 0, "the seal refused the mutated ones: " + sealed);
    }

    private static AdapterFuzzer.Result run(final FuzzTarget target, final byte[] sealKey, final AtomicCounter rejected)
    {
        final AdapterFuzzer.Result result = assertTimeoutPreemptively(RUN_TIMEOUT,
            () -> new AdapterFuzzer(corpus, SEED).run(target, MESSAGES, sealKey, rejected));
        FIGURES.add(result.toString());
        System.out.println(result);
        assertEquals(MESSAGES, result.tried);
        assertEquals(0, result.badRanges, "ranges outside the message handed to a listener: " + result);
        assertTrue(result.maxCallNs < MAX_CALL_NS, "a call took " + result.maxCallNs / 1_000_000 + " ms: " + result);
        assertTrue(result.tailAllocatedBytes < MAX_TAIL_ALLOCATION_BYTES, "allocation grows: " + result);
        assertTrue(result.mutated > MESSAGES / 2, "most messages were mutated: " + result);
        return result;
    }
}
