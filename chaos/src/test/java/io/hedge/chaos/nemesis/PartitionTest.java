package io.hedge.chaos.nemesis;

import io.hedge.chaos.run.RoleId;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.hedge.chaos.nemesis.FakeFabric.C1;
import static io.hedge.chaos.nemesis.FakeFabric.C2;
import static io.hedge.chaos.nemesis.FakeFabric.G1;
import static io.hedge.chaos.nemesis.FakeFabric.G2;
import static io.hedge.chaos.nemesis.FakeFabric.G3;
import static io.hedge.chaos.nemesis.FakeFabric.RA;
import static io.hedge.chaos.nemesis.FakeFabric.RB;
import static io.hedge.chaos.nemesis.FakeFabric.RC;
import static io.hedge.chaos.nemesis.FakeFabric.SINK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PartitionTest
{
    private final FakeFabric fabric = new FakeFabric(Path.of("unused"));

    @Test
    void isolatingASiteCutsItsRolesFromEveryOtherRoleBothWays()
    {
        final Partition partition = Partition.isolateSite("A");
        final Set<Partition.Cut> expected = bothWays(List.of(G1, RA), List.of(G2, G3, RB, RC, C1, C2, SINK));

        assertStartsExactlyAndHealsAll(partition, expected);
    }

    @Test
    void theActivePairIsResolvedAtStartAndClientsStayConnected()
    {
        fabric.active = G2;
        final Partition partition = Partition.activeGatewayWith(RC);
        final Set<Partition.Cut> expected = bothWays(List.of(G2, RC), List.of(G1, G3, RA, RB));

        assertStartsExactlyAndHealsAll(partition, expected);
        assertTrue(partition.describe().contains("{gateway-2, replica-C}"), partition.describe());
    }

    @Test
    void withNoActiveGatewayKnownThePairTakesTheFirstGateway()
    {
        fabric.active = null;
        final Partition partition = Partition.activeGatewayWith(RA);

        assertStartsExactlyAndHealsAll(partition, bothWays(List.of(G1, RA), List.of(G2, G3, RB, RC)));
    }

    @Test
    void halvesCutEveryPairAcrossBothWays()
    {
        final Partition partition = Partition.halves(List.of(G1, RB, RC), List.of(G2, G3, RA));

        assertStartsExactlyAndHealsAll(partition, bothWays(List.of(G1, RB, RC), List.of(G2, G3, RA)));
    }

    @Test
    void gatewaysApartCutsOnlyGatewayToGatewayLinks()
    {
        final Set<Partition.Cut> expected = new HashSet<>();
        for (final RoleId from : List.of(G1, G2, G3))
        {
            for (final RoleId to : List.of(G1, G2, G3))
            {
                if (from != to)
                {
                    expected.add(new Partition.Cut(from, to));
                }
            }
        }

        assertStartsExactlyAndHealsAll(Partition.gatewaysApart(), expected);
    }

    @Test
    void oneWayCutsAreOneDirectionOnly()
    {
        fabric.active = G3;
        assertStartsExactlyAndHealsAll(Partition.activeGatewayTo(RA), Set.of(new Partition.Cut(G3, RA)));
        assertStartsExactlyAndHealsAll(Partition.replicaToGateways(RB),
            Set.of(new Partition.Cut(RB, G1), new Partition.Cut(RB, G2), new Partition.Cut(RB, G3)));
    }

    @Test
    void aStartThatFailsHalfWayIsHealedByItsEnd()
    {
        fabric.failCutAfter = 3;
        final Partition partition = Partition.isolateSite("B");

        assertThrows(IllegalStateException.class, () -> partition.start(fabric));
        assertEquals(3, fabric.cuts.size());
        partition.end(fabric);
        assertTrue(fabric.cuts.isEmpty(), "left cut: " + fabric.cuts);
    }

    private void assertStartsExactlyAndHealsAll(final Partition partition, final Set<Partition.Cut> expected)
    {
        partition.start(fabric);
        assertEquals(expected, fabric.cuts, partition.describe());
        assertEquals(expected.size(), partition.cuts().size(), "each cut made once");
        partition.end(fabric);
        assertTrue(fabric.cuts.isEmpty(), "left cut: " + fabric.cuts);
        assertTrue(partition.cuts().isEmpty());
        long heals = fabric.calls().stream().filter(call -> call.startsWith("heal ")).count();
        assertTrue(heals >= expected.size());
        assertTrue(fabric.calls().stream().noneMatch("healAll"::equals), "a fault heals only its own cuts");
        fabric.calls.clear();
    }

    private static Set<Partition.Cut> bothWays(final List<RoleId> sideA, final List<RoleId> sideB)
    {
        final Set<Partition.Cut> cuts = new HashSet<>();
        for (final RoleId a : sideA)
        {
            for (final RoleId b : sideB)
            {
                cuts.add(new Partition.Cut(a, b));
                cuts.add(new Partition.Cut(b, a));
            }
        }
        return cuts;
    }
}
