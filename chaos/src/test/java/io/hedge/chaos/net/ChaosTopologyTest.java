package io.hedge.chaos.net;

import io.hedge.chaos.RoleProcess;
import io.hedge.chaos.run.RoleId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A topology of three sites (gateways 1-3, replicas A-C), two clients and a sink, made for real: datagrams between
 * roles' addresses, one-direction cuts, healing, an isolated site, a role's process started in its namespace, and a
 * teardown (also of a build that failed half way) that leaves no namespace and no link behind.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ChaosTopologyTest
{
    private static final List<RoleId> ROLES = ChaosTopology.roles(List.of("A", "B", "C"), 3, 2, true);
    private static final RoleId GATEWAY_1 = RoleId.gateway(1, "A");
    private static final RoleId GATEWAY_2 = RoleId.gateway(2, "B");
    private static final RoleId REPLICA_A = RoleId.replica(1, "A");
    private static final RoleId REPLICA_B = RoleId.replica(2, "B");
    private static final RoleId REPLICA_C = RoleId.replica(3, "C");
    private static final RoleId CLIENT_1 = RoleId.client(1);

    @BeforeEach
    void requireRoot()
    {
        NetTests.assumeRoot();
    }

    @Test
    void everyRoleHasItsOwnAddressAndNamespace()
    {
        final String prefix = Netns.newPrefix();
        try (ChaosTopology topology = ChaosTopology.create(prefix, ROLES))
        {
            assertEquals(ROLES, topology.roles());
            assertEquals("198.18.1.3", topology.address(GATEWAY_1));
            assertEquals("198.18.1.5", topology.address(REPLICA_A));
            assertEquals("198.18.2.3", topology.address(GATEWAY_2));
            assertEquals("198.18.0.3", topology.address(CLIENT_1));
            assertEquals("198.18.0.7", topology.address(RoleId.sink()));
            assertEquals(prefix + "-replica-A", topology.namespace(REPLICA_A));
            assertEquals(List.of("ip", "netns", "exec", prefix + "-replica-A"), topology.commandPrefix(REPLICA_A));
            final List<String> namespaces = Netns.list();
            for (final RoleId role : ROLES)
            {
                assertTrue(namespaces.contains(topology.namespace(role)), role + " has no namespace");
                assertTrue(topology.exec(role, "ip", "-o", "addr", "show", "dev", ChaosTopology.ROLE_LINK)
                    .contains(topology.address(role) + "/31"), role + " lacks its address");
            }
        }
    }

    @Test
    void datagramsPassUntilCutOneDirectionAndAgainWhenHealed() throws Exception
    {
        try (ChaosTopology topology = ChaosTopology.create(Netns.newPrefix(), ROLES))
        {
            assertTrue(Datagrams.delivered(topology, GATEWAY_1, REPLICA_B), "gateway-1 -> replica-B before any cut");
            assertTrue(Datagrams.delivered(topology, REPLICA_B, GATEWAY_1), "replica-B -> gateway-1 before any cut");

            topology.cut(GATEWAY_1, REPLICA_B);
            topology.cut(GATEWAY_1, REPLICA_B);
            assertEquals(List.of(new Cut(GATEWAY_1, REPLICA_B)), topology.cuts());
            assertFalse(Datagrams.delivered(topology, GATEWAY_1, REPLICA_B), "the cut direction must drop");
            assertTrue(Datagrams.delivered(topology, REPLICA_B, GATEWAY_1), "the other direction must pass");
            assertTrue(Datagrams.delivered(topology, GATEWAY_1, REPLICA_C), "a cut is between two roles only");

            topology.heal(GATEWAY_1, REPLICA_B);
            assertEquals(List.of(), topology.cuts());
            assertTrue(Datagrams.delivered(topology, GATEWAY_1, REPLICA_B), "healed");

            topology.cut(GATEWAY_1, REPLICA_B);
            topology.cut(REPLICA_C, CLIENT_1);
            topology.healAll();
            assertEquals(List.of(), topology.cuts());
            assertTrue(Datagrams.delivered(topology, GATEWAY_1, REPLICA_B), "all healed");
            assertTrue(Datagrams.delivered(topology, REPLICA_C, CLIENT_1), "all healed");
        }
    }

    @Test
    void anIsolatedSiteIsCutBothWaysFromEveryoneButItself() throws Exception
    {
        try (ChaosTopology topology = ChaosTopology.create(Netns.newPrefix(), ROLES))
        {
            final List<Cut> isolateA = Partitions.isolateSite(ROLES, "A");
            Cut.apply(topology, isolateA);
            assertFalse(Datagrams.delivered(topology, GATEWAY_1, REPLICA_B));
            assertFalse(Datagrams.delivered(topology, REPLICA_C, REPLICA_A));
            assertFalse(Datagrams.delivered(topology, CLIENT_1, GATEWAY_1));
            assertTrue(Datagrams.delivered(topology, GATEWAY_1, REPLICA_A), "inside the site");
            assertTrue(Datagrams.delivered(topology, REPLICA_A, GATEWAY_1), "inside the site");
            assertTrue(Datagrams.delivered(topology, CLIENT_1, GATEWAY_2), "outside the site");

            Cut.heal(topology, isolateA);
            assertTrue(Datagrams.delivered(topology, GATEWAY_1, REPLICA_B));
            assertTrue(Datagrams.delivered(topology, CLIENT_1, GATEWAY_1));
        }
    }

    @Test
    void aRoleProcessRunsInItsNamespaceAsTheJvmItself() throws Exception
    {
        final Path dir = Path.of(System.getProperty("hedge.test.dir", "target/test-work"), "net-" + System.nanoTime());
        try (ChaosTopology topology = ChaosTopology.create(Netns.newPrefix(), ROLES);
            RoleProcess process = RoleProcess.startIn(topology.commandPrefix(REPLICA_B), "replica-B",
                PrintAddresses.class.getName(), List.of(), dir.resolve("replica-B.log"), List.of()))
        {
            process.awaitOutput("addresses:", 30, TimeUnit.SECONDS);
            final String output = process.output();
            assertTrue(output.contains(" " + topology.address(REPLICA_B) + " "), output);
            assertFalse(output.contains(" " + topology.address(REPLICA_A) + " "), output);
            // the pid is the JVM's, so that signals reach it: ip netns exec replaced itself with java
            final String cmdline = Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline"));
            assertTrue(cmdline.contains(PrintAddresses.class.getName()), cmdline);
            assertFalse(cmdline.startsWith("ip"), cmdline);
        }
        finally
        {
            org.agrona.IoUtil.delete(dir.toFile(), true);
        }
    }

    @Test
    void teardownLeavesNoNamespaceAndNoLinkBehind() throws Exception
    {
        final List<String> namespacesBefore = Netns.list();
        final String linksBefore = links();
        final String prefix = Netns.newPrefix();
        final ChaosTopology topology = ChaosTopology.create(prefix, ROLES);
        topology.cut(GATEWAY_1, REPLICA_B);
        assertEquals(ROLES.size() + 1, Netns.list().stream().filter(n -> n.startsWith(prefix)).count());
        topology.close();
        topology.close();
        assertEquals(namespacesBefore, Netns.list());
        assertEquals(linksBefore, links());
    }

    @Test
    void aBuildThatFailsHalfWayRemovesWhatItMade() throws Exception
    {
        final String prefix = Netns.newPrefix();
        final String linksBefore = links();
        // a namespace that is not the topology's stands where replica-B's would go: the build fails there
        try (Netns other = new Netns())
        {
            other.create(prefix + "-replica-B");
            final Shell.CommandFailedException failure = assertThrows(Shell.CommandFailedException.class,
                () -> ChaosTopology.create(prefix, ROLES));
            assertTrue(failure.getMessage().contains("ip netns add " + prefix + "-replica-B"), failure.getMessage());
            assertEquals(List.of(prefix + "-replica-B"),
                Netns.list().stream().filter(n -> n.startsWith(prefix)).toList(), "the build's own namespaces");
        }
        assertEquals(List.of(), Netns.list().stream().filter(n -> n.startsWith(prefix)).toList());
        assertEquals(linksBefore, links());
    }

    @Test
    void aStoppedProcessRemovesItsTopologyInItsShutdownHook() throws Exception
    {
        final String prefix = Netns.newPrefix();
        final Path dir = Path.of(System.getProperty("hedge.test.dir", "target/test-work"), "net-" + System.nanoTime());
        try (RoleProcess process = RoleProcess.start("builder", BuildAndWait.class.getName(), List.of(prefix),
            dir.resolve("builder.log")))
        {
            process.awaitOutput("built " + prefix, 60, TimeUnit.SECONDS);
            assertEquals(6, Netns.list().stream().filter(n -> n.startsWith(prefix)).count());
            // SIGTERM, as Ctrl-C's SIGINT, runs the shutdown hooks
            process.stop();
            assertEquals(List.of(), Netns.list().stream().filter(n -> n.startsWith(prefix)).toList());
        }
        finally
        {
            Netns.removeLeftovers(prefix);
            org.agrona.IoUtil.delete(dir.toFile(), true);
        }
    }

    private static String links()
    {
        // names only: counters and states of the machine's own links change on their own
        return String.join(",", Shell.run("ip", "-o", "link", "show").lines()
            .map(line -> line.split(":")[1].trim()).sorted().toList());
    }
}
