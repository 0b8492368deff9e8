package io.hedge.cli;

import io.hedge.chaos.RoleProcess;
import io.hedge.chaos.net.ChaosTopology;
import io.hedge.chaos.net.Cut;
import io.hedge.chaos.net.Partitions;
import io.hedge.chaos.net.Netns;
import io.hedge.chaos.run.RoleId;
import io.hedge.chaos.run.RoleKind;
import io.hedge.transport.AeronDirs;
import org.agrona.IoUtil;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hedge with real, distinct addresses per site: every role (gateways, replicas A, B, C, the effects sink and a
 * client running {@code hedge load}) is a process of its own in a network namespace of its own, started with
 * {@code ip netns exec}, configured as docs/THREE-SITES.md says (one properties file for all, {@code host} per
 * process). Nothing is bound to localhost; the client's load must be answered and every replica must converge, also
 * while site B is cut off (the majority answers) and after it is healed (replica B catches up); the sink, at its own
 * address, must receive the external effects.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ThreeSiteFabricTest
{
    private static final List<String> SITES = List.of("A", "B", "C");

    @ParameterizedTest(name = "{0} gateway(s)")
    @ValueSource(ints = {1, 3})
    void aClientInItsOwnNamespaceIsAnsweredByRolesAtThreeSites(final int gateways) throws Exception
    {
        Assumptions.assumeTrue(Netns.isRoot(), "skipped: needs root (" + Netns.notRootMessage() + ")");
        final Path dir = Path.of(System.getProperty("hedge.test.dir", "target/test-work"),
            "three-sites-" + System.nanoTime()).toAbsolutePath();
        Files.createDirectories(dir);
        final List<RoleId> roles = ChaosTopology.roles(SITES, gateways, 1, true);
        final List<RoleProcess> processes = new ArrayList<>();
        try (ChaosTopology topology = ChaosTopology.create(Netns.newPrefix(), roles))
        {
            final HedgeConfig config = HedgeConfig.defaults()
                .set("hedge.dir", dir.toString(), "test")
                .set("sites", String.join(",", SITES), "test")
                .set("gateway.count", Integer.toString(gateways), "test")
                .set("gateway.hosts", roles.stream().filter(r -> r.kind() == RoleKind.GATEWAY)
                    .sorted(java.util.Comparator.comparingInt(RoleId::index))
                    .map(topology::address).collect(Collectors.joining(",")), "test")
                .set("sink.host", topology.address(RoleId.sink()), "test")
                .set("sink.port", "20199", "test")
                .set("trading.accounts", "100", "test")
                .set("trading.instruments", "4", "test")
                .set("trading.routed.every", "3", "test");
            final Path file = dir.resolve("three-sites.properties");
            config.store(file);
            for (final RoleId role : roles)
            {
                final List<String> args = new ArrayList<>();
                switch (role.kind())
                {
                    case REPLICA -> args.addAll(List.of("replica", "--site", role.site()));
                    case GATEWAY -> args.addAll(List.of("gateway", "--set", "gateway.id=" + role.index()));
                    case SINK -> args.add("sink");
                    case CLIENT ->
                    {
                        continue;
                    }
                }
                args.addAll(List.of("--config", file.toString(), "--set", "host=" + topology.address(role)));
                processes.add(RoleProcess.startIn(topology.commandPrefix(role), role.name(),
                    HedgeCommand.class.getName(), args, dir.resolve(role.name() + ".log"), List.of()));
            }
            for (final RoleProcess process : processes)
            {
                process.awaitOutput(process.log().getFileName().toString().startsWith("sink") ? "hedge sink" :
                    process.log().getFileName().toString().startsWith("gateway") ? "hedge gateway" : "hedge replica",
                    60, TimeUnit.SECONDS);
            }
            for (final RoleProcess process : processes)
            {
                assertFalse(process.output().contains("localhost"), process.log() + " names localhost:\n" +
                    process.output());
            }
            final RoleId client = RoleId.client(1);
            final RoleProcess load = runLoad(topology, client, file, dir, "first");
            processes.add(load);
            assertTrue(load.output().contains("result: PASS"), load.output());
            assertEquals(0, load.stop(), load.output());

            // site B cut off both ways: the majority (A, C) answers; once healed, replica B catches up
            final List<Cut> isolateB = Partitions.isolateSite(roles, "B");
            Cut.apply(topology, isolateB);
            final RoleProcess cut = runLoad(topology, client, file, dir, "cut");
            processes.add(cut);
            assertTrue(cut.output().contains("unanswered 0"), cut.output());
            Cut.heal(topology, isolateB);
            final RoleProcess healed = runLoad(topology, client, file, dir, "healed");
            processes.add(healed);
            assertTrue(healed.output().contains("result: PASS"), healed.output());
            // replica B caught up with everything sequenced: 2,400 requests and each term's own first entry
            final java.util.regex.Matcher last =
                java.util.regex.Pattern.compile("gateway: last seq ([0-9,]+)").matcher(healed.output());
            assertTrue(last.find(), healed.output());
            assertTrue(healed.output().contains("replica B: applied seq " + last.group(1)), healed.output());
            assertTrue(Long.parseLong(last.group(1).replace(",", "")) > 2_400, healed.output());

            // the sink, at an address of its own, received the routed orders the engine emits as external effects
            final RoleProcess sink = processes.stream().filter(p -> p.log().getFileName().toString()
                .startsWith("sink")).findFirst().orElseThrow();
            sink.awaitOutput("effects accepted", 10, TimeUnit.SECONDS);
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (lastAccepted(sink.output()) == 0 && System.nanoTime() - deadlineNs < 0)
            {
                Thread.sleep(200);
            }
            assertTrue(lastAccepted(sink.output()) > 0, sink.output());
        }
        finally
        {
            processes.forEach(RoleProcess::kill);
            AeronDirs.deleteRootOf(dir);
            IoUtil.delete(dir.toFile(), true);
        }
    }

    private static RoleProcess runLoad(final ChaosTopology topology, final RoleId client, final Path file,
        final Path dir, final String name) throws Exception
    {
        final RoleProcess load = RoleProcess.startIn(topology.commandPrefix(client), client.name(),
            HedgeCommand.class.getName(), List.of("load", "--config", file.toString(), "--set",
                "host=" + topology.address(client), "--rate", "200", "--duration", "3", "--warmup", "1"),
            dir.resolve(client.name() + "-" + name + ".log"), List.of());
        load.awaitOutput("result: ", 120, TimeUnit.SECONDS);
        awaitExit(load);
        return load;
    }

    private static void awaitExit(final RoleProcess process) throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (process.isAlive() && System.nanoTime() - deadlineNs < 0)
        {
            Thread.sleep(50);
        }
    }

    /**
     * @return the effects the sink's last progress line says it accepted, or 0.
     */
    private static long lastAccepted(final String sinkOutput)
    {
        long accepted = 0;
        final java.util.regex.Matcher matcher =
            java.util.regex.Pattern.compile("sink: ([\\d,]+) effects accepted").matcher(sinkOutput);
        while (matcher.find())
        {
            accepted = Long.parseLong(matcher.group(1).replace(",", ""));
        }
        return accepted;
    }
}
