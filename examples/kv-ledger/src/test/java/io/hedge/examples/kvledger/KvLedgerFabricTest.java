package io.hedge.examples.kvledger;

import io.aeron.driver.ThreadingMode;
import io.hedge.cli.HedgeConfig;
import io.hedge.client.FabricStatus;
import io.hedge.client.HedgeClient;
import io.hedge.codecs.fabric.ReplicaState;
import io.hedge.examples.kvledger.codecs.KvStatus;
import io.hedge.gateway.Gateway;
import io.hedge.replicas.Replica;
import io.hedge.replicas.StateMachine;
import io.hedge.transport.EmbeddedDriver;
import io.hedge.transport.Ports;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ledger on a real fabric: a gateway and three replicas on an embedded media driver over UDP on loopback, set
 * up from the same settings {@code hedge gateway} and {@code hedge replica} read, so the replicas load the ledger BY
 * CLASS NAME through {@code replica.state.machine} and {@code replica.state.machine.path} (this module's
 * target/classes) with an {@code app.*} setting. Two clients race compare-and-sets on one key and increment a counter
 * with read-CAS-retry loops; every outcome is checked. Replica B is stopped and restarted on its own directory
 * (snapshot and journal), replica C is stopped, wiped and restarted (it bootstraps from a peer's snapshot of the
 * ledger); afterwards the replicas agree, by the gateway's view and by the ledgers' own full state hashes.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class KvLedgerFabricTest
{
    private static final long WAIT_S = 20;

    private Path dir;
    private HedgeConfig config;
    private EmbeddedDriver driver;
    private Gateway gateway;
    private final Map<String, Replica> replicas = new HashMap<>();
    private final List<HedgeClient> clients = new ArrayList<>();

    @BeforeEach
    void startFabric() throws Exception
    {
        dir = Path.of(System.getProperty("hedge.test.dir", "target/test-work"), "kv-fabric-" + System.nanoTime())
            .toAbsolutePath();
        Files.createDirectories(dir);
        config = HedgeConfig.defaults()
            .set("hedge.dir", dir.toString(), "test")
            .set("ingress.port", Integer.toString(Ports.freeUdpPort()), "test")
            .set("sequenced.port", Integer.toString(Ports.freeUdpPort()), "test")
            .set("responses.port", Integer.toString(Ports.freeUdpPort()), "test")
            .set("replay.port", Integer.toString(Ports.freeUdpPort()), "test")
            .set("replica.state.machine", "io.hedge.examples.kvledger.KvLedger", "test")
            .set("replica.state.machine.path", Path.of("target", "classes").toAbsolutePath().toString(), "test")
            .set("app.max.keys", "2000", "test")
            .set("replica.snapshot.interval", "50", "test")
            .set("replica.status.ms", "20", "test")
            // generous on a loaded machine: a failover here is no fault, but it turns answers into "executed, answer
            // gone" (DUPLICATE_NOT_CACHED), which the checks below then have to resolve by version
            .set("gateway.heartbeat.timeout.ms", "3000", "test")
            .set("client.timeout.ms", "30000", "test");
        driver = EmbeddedDriver.launch(config.aeronDir("kv"), ThreadingMode.SHARED);
        gateway = Gateway.launch(config.gatewayContext(driver.aeronDirectoryName()));
        for (final String site : config.sites())
        {
            startReplica(site);
        }
    }

    private void startReplica(final String site)
    {
        replicas.put(site, Replica.launch(config.replicaContext(site, driver.aeronDirectoryName())));
    }

    @AfterEach
    void stopFabric()
    {
        clients.forEach(CloseHelper::quietClose);
        replicas.values().forEach(CloseHelper::quietClose);
        CloseHelper.quietClose(gateway);
        CloseHelper.quietClose(driver);
        if (null != dir)
        {
            IoUtil.delete(dir.toFile(), true);
        }
    }

    private KvLedgerClient connect()
    {
        final HedgeClient client = HedgeClient.connect(config.clientContext(driver.aeronDirectoryName()));
        clients.add(client);
        return new KvLedgerClient(client);
    }

    private static <T> T await(final CompletableFuture<T> future) throws Exception
    {
        return future.get(WAIT_S, TimeUnit.SECONDS);
    }

    @Test
    void twoClientsRaceCompareAndSetsOnReplicasThatLoadedTheLedgerByName() throws Exception
    {
        for (final Replica replica : replicas.values())
        {
            assertEquals(KvLedger.class.getName(), replica.agent().stateMachine().getClass().getName(),
                "the replica runs the class the settings name");
        }
        final KvLedgerClient alice = connect();
        final KvLedgerClient bob = connect();
        awaitTrue("three live replicas", () -> liveReplicas(clients.get(0)) == 3);

        racesOnOneKeyHaveExactlyOneWinner(alice, bob);
        final int increments = incrementsFromTwoClientsAddUp(alice, bob);

        // replica B restarts from its own snapshot and journal while writes go on
        stopReplica("B");
        writeKeys(alice, 0, 120);
        startReplica("B");
        awaitTrue("replica B caught up", () -> converged(clients.get(0)));
        // replica C loses its directory and bootstraps from a peer's snapshot of the ledger
        stopReplica("C");
        writeKeys(bob, 120, 240);
        IoUtil.delete(dir.resolve("replica-C").toFile(), true);
        startReplica("C");
        writeKeys(alice, 240, 260);

        awaitTrue("the replicas converge", () -> converged(clients.get(0)));
        final KvResult counter = read(bob, "counter");
        assertEquals(Integer.toString(increments), counter.valueText());
        for (int i = 0; i < 260; i++)
        {
            final KvResult entry = read(alice, "key-" + i);
            assertEquals(i % 3 == 0 ? KvStatus.NOT_FOUND : KvStatus.OK, entry.status(), "key-" + i);
        }
        try (Stream<Path> snapshots = Files.list(dir.resolve("replica-A").resolve("journal-snapshots")))
        {
            assertTrue(snapshots.findAny().isPresent(), "replica A wrote snapshots of the ledger");
        }

        // the ledgers' own hashes, read once their replicas stopped
        final List<Long> hashes = new ArrayList<>();
        for (final String site : config.sites())
        {
            final StateMachine ledger = replicas.get(site).agent().stateMachine();
            replicas.remove(site).close();
            hashes.add(ledger.fullStateHash());
        }
        assertEquals(1, hashes.stream().distinct().count(), "full state hashes " + hashes);
        assertNotEquals(new KvLedger(2000, 256).fullStateHash(), hashes.get(0), "not an empty ledger");
    }

    /**
     * Both clients CAS the same key from the same version at once: exactly one wins, and the other is told the
     * winner's version. An answer lost to a failover (executed at seq S, answer gone) is resolved by the key's version
     * afterwards: the round's winner wrote the version, and nobody else writes the key in between.
     */
    private static void racesOnOneKeyHaveExactlyOneWinner(final KvLedgerClient alice, final KvLedgerClient bob)
        throws Exception
    {
        long version = write(alice.put("doc", "v0"));
        for (int round = 1; round <= 25; round++)
        {
            final Outcome a = Outcome.of(alice.compareAndSet("doc", version, "alice-" + round));
            final Outcome b = Outcome.of(bob.compareAndSet("doc", version, "bob-" + round));
            final KvResult read = read(bob, "doc");
            final boolean aliceWon = a.wrote(read.version());
            final boolean bobWon = b.wrote(read.version());
            assertTrue(aliceWon != bobWon, "round " + round + ": exactly one wins: " + a + " / " + b + ", then " + read);
            assertEquals((aliceWon ? "alice-" : "bob-") + round, read.valueText());
            assertTrue(read.version() > version, "a write's version is newer than the one it replaced");
            final Outcome loser = aliceWon ? b : a;
            if (null != loser.result)
            {
                assertEquals(KvStatus.VERSION_MISMATCH, loser.result.status());
                assertEquals(read.version(), loser.result.version(), "the loser is told the winner's version");
            }
            version = read.version();
        }
        final Outcome fresh = Outcome.of(alice.compareAndSet("doc", 0, "fresh"));
        assertTrue(null == fresh.result || KvStatus.VERSION_MISMATCH == fresh.result.status(), fresh.toString());
        assertEquals(version, read(alice, "doc").version(), "0 expects the key absent: nothing written");
    }

    /**
     * What a compare-and-set came to: its answer, or the seq it executed at when a failover lost the answer.
     */
    private record Outcome(KvResult result, long executedSeq)
    {
        static Outcome of(final CompletableFuture<KvResult> future) throws Exception
        {
            try
            {
                return new Outcome(await(future), 0);
            }
            catch (final ExecutionException ex)
            {
                if (ex.getCause() instanceof KvLedgerClient.KvLedgerException lost && lost.executed() &&
                    lost.response().seq() > 0)
                {
                    return new Outcome(null, lost.response().seq());
                }
                throw ex;
            }
        }

        /**
         * @return whether it wrote, judged by the key's version read after it when its answer was lost (a write at
         * seq S leaves version S until the next write).
         */
        boolean wrote(final long versionAfter)
        {
            return null != result ? result.ok() : versionAfter == executedSeq;
        }
    }

    /** The version a put or CAS wrote; a lost answer of an executed write gives its seq, which is its version. */
    private static long write(final CompletableFuture<KvResult> future) throws Exception
    {
        final Outcome outcome = Outcome.of(future);
        if (null == outcome.result)
        {
            return outcome.executedSeq;
        }
        assertEquals(KvStatus.OK, outcome.result.status());
        return outcome.result.version();
    }

    /** A get, asked again if a failover lost its answer: reading twice changes nothing. */
    private static KvResult read(final KvLedgerClient client, final String key) throws Exception
    {
        for (int attempt = 1; ; attempt++)
        {
            final Outcome outcome = Outcome.of(client.get(key));
            if (null != outcome.result)
            {
                return outcome.result;
            }
            assertTrue(attempt < 10, "a get answered at last");
        }
    }

    /**
     * Each client adds 1 to a counter 40 times, each by read, CAS, retry on a mismatch, at the same time as the other:
     * the counter ends at the number of successful CASes, so none was lost or applied twice. A CAS whose answer a
     * failover lost counts if the counter's version afterwards is its seq; if another write came first it is
     * ambiguous, and the end value may exceed the known successes by at most the ambiguous ones.
     */
    private static int incrementsFromTwoClientsAddUp(final KvLedgerClient alice, final KvLedgerClient bob)
        throws Exception
    {
        final long created = write(alice.compareAndSet("counter", 0, "0"));
        assertEquals(created, read(alice, "counter").version(), "the counter was created");
        final ExecutorService pool = Executors.newFixedThreadPool(2);
        try
        {
            final List<Future<int[]>> results = new ArrayList<>();
            for (final KvLedgerClient client : List.of(alice, bob))
            {
                results.add(pool.submit(() ->
                {
                    int successes = 0;
                    int ambiguous = 0;
                    while (successes < 40)
                    {
                        final KvResult read = read(client, "counter");
                        final int next = Integer.parseInt(read.valueText()) + 1;
                        final Outcome cas = Outcome.of(client.compareAndSet("counter", read.version(),
                            Integer.toString(next)));
                        if (null == cas.result)
                        {
                            final long versionAfter = read(client, "counter").version();
                            if (cas.wrote(versionAfter))
                            {
                                successes++;
                            }
                            else if (versionAfter > cas.executedSeq)
                            {
                                ambiguous++; // overwritten since, or never wrote: the end value will tell
                            }
                        }
                        else if (cas.result.ok())
                        {
                            successes++;
                        }
                        else
                        {
                            assertEquals(KvStatus.VERSION_MISMATCH, cas.result.status());
                            assertTrue(cas.result.version() > read.version(), "a conflict means a newer write");
                        }
                    }
                    return new int[]{successes, ambiguous};
                }));
            }
            int total = 0;
            int ambiguous = 0;
            for (final Future<int[]> result : results)
            {
                final int[] counts = result.get(120, TimeUnit.SECONDS);
                total += counts[0];
                ambiguous += counts[1];
            }
            assertEquals(80, total);
            final int end = Integer.parseInt(read(alice, "counter").valueText());
            assertTrue(end >= total && end <= total + ambiguous, "the counter is " + end + " after " + total +
                " known increments and " + ambiguous + " whose answers a failover lost");
            return end;
        }
        finally
        {
            pool.shutdownNow();
        }
    }

    /** Writes key-from .. key-(to - 1), then deletes those whose number is a multiple of 3. */
    private static void writeKeys(final KvLedgerClient client, final int from, final int to) throws Exception
    {
        final List<CompletableFuture<KvResult>> writes = new ArrayList<>();
        for (int i = from; i < to; i++)
        {
            writes.add(client.put("key-" + i, "value-" + i));
        }
        for (final CompletableFuture<KvResult> put : writes)
        {
            assertTrue(write(put) > 0);
        }
        for (int i = from; i < to; i++)
        {
            if (i % 3 == 0)
            {
                final Outcome deleted = Outcome.of(client.delete("key-" + i));
                assertTrue(null == deleted.result || deleted.result.ok(), "key-" + i + ": " + deleted);
            }
        }
    }

    private void stopReplica(final String site)
    {
        replicas.remove(site).close();
    }

    private static int liveReplicas(final HedgeClient client)
    {
        try
        {
            final FabricStatus status = client.fabricStatus().get(WAIT_S, TimeUnit.SECONDS);
            return (int)status.replicas().stream().filter(r -> ReplicaState.LIVE == r.state()).count();
        }
        catch (final Exception ex)
        {
            return 0;
        }
    }

    private boolean converged(final HedgeClient client)
    {
        try
        {
            final FabricStatus status = client.fabricStatus().get(WAIT_S, TimeUnit.SECONDS);
            return status.replicas().size() == 3 && status.converged() &&
                Stream.of("A", "B", "C").allMatch(site -> replicas.get(site).agent().appliedSeq() == status.lastSeq());
        }
        catch (final Exception ex)
        {
            return false;
        }
    }

    private static void awaitTrue(final String what, final BooleanSupplier condition) throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new AssertionError("timed out after 60 s waiting until " + what);
            }
            Thread.sleep(50);
        }
    }
}
