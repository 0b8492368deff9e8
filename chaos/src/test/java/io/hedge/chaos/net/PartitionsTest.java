package io.hedge.chaos.net;

import io.hedge.chaos.run.Network;
import io.hedge.chaos.run.RoleId;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PartitionsTest
{
    private static final List<RoleId> ROLES = ChaosTopology.roles(List.of("A", "B", "C"), 3, 2, true);
    private static final RoleId G1 = RoleId.gateway(1, "A");
    private static final RoleId G2 = RoleId.gateway(2, "B");
    private static final RoleId G3 = RoleId.gateway(3, "C");
    private static final RoleId RA = RoleId.replica(1, "A");
    private static final RoleId RB = RoleId.replica(2, "B");
    private static final RoleId RC = RoleId.replica(3, "C");
    private static final RoleId C1 = RoleId.client(1);
    private static final RoleId C2 = RoleId.client(2);
    private static final RoleId SINK = RoleId.sink();

    @Test
    void theUsualLayoutPutsGatewayGAtSiteGAndTheReplicaOfEachSiteThere()
    {
        assertEquals(List.of(G1, RA, G2, RB, G3, RC, C1, C2, SINK), ROLES);
        assertEquals(List.of(RoleId.gateway(1, "A"), RoleId.gateway(3, "A"), RA, RoleId.gateway(2, "B"), RB),
            ChaosTopology.roles(List.of("A", "B"), 3, 0, false));
    }

    @Test
    void isolatingASiteCutsItsRolesFromEveryOtherRoleBothWays()
    {
        final List<Cut> cuts = Partitions.isolateSite(ROLES, "A");
        assertEquals(2 * 2 * 7, cuts.size());
        assertTrue(cuts.contains(new Cut(G1, RB)));
        assertTrue(cuts.contains(new Cut(RB, G1)));
        assertTrue(cuts.contains(new Cut(C1, G1)));
        assertTrue(cuts.contains(new Cut(RA, SINK)));
        assertFalse(cuts.contains(new Cut(G1, RA)));
        assertFalse(cuts.contains(new Cut(G2, RB)));
        assertEquals(cuts.size(), new HashSet<>(cuts).size());
    }

    @Test
    void aSplitOfTheFabricLeavesClientsAndSinkReachingBothSides()
    {
        final List<Cut> cuts = Partitions.split(ROLES, List.of(G1, RA));
        assertEquals(2 * 2 * 4, cuts.size());
        assertTrue(cuts.contains(new Cut(G1, G2)));
        assertTrue(cuts.contains(new Cut(RC, RA)));
        assertTrue(cuts.stream().noneMatch(c -> c.from().equals(C1) || c.to().equals(C1) || c.to().equals(SINK)));
        assertThrows(IllegalArgumentException.class, () -> Partitions.split(ROLES, List.of(G1, C1)));
    }

    @Test
    void gatewaysApartCutsOnlyBetweenGateways()
    {
        final List<Cut> cuts = Partitions.gatewaysApart(ROLES);
        assertEquals(List.of(new Cut(G1, G2), new Cut(G1, G3), new Cut(G2, G1), new Cut(G2, G3), new Cut(G3, G1),
            new Cut(G3, G2)), cuts);
    }

    @Test
    void oneWayCutsOneDirectionOnly()
    {
        assertEquals(List.of(new Cut(G1, RB), new Cut(G1, RC)), Partitions.oneWay(List.of(G1), List.of(RB, RC)));
        assertThrows(IllegalArgumentException.class, () -> new Cut(G1, G1));
    }

    @Test
    void applyAndHealActOnAnyNetwork()
    {
        final List<String> calls = new ArrayList<>();
        final Network network = new Network()
        {
            public String address(final RoleId role)
            {
                return role.name();
            }

            public void cut(final RoleId from, final RoleId to)
            {
                calls.add("cut " + from + " " + to);
            }

            public void heal(final RoleId from, final RoleId to)
            {
                calls.add("heal " + from + " " + to);
            }

            public void healAll()
            {
                calls.add("healAll");
            }
        };
        final List<Cut> cuts = Partitions.between(List.of(G1), List.of(RB));
        Cut.apply(network, cuts);
        Cut.heal(network, cuts);
        assertEquals(List.of("cut gateway-1 replica-B", "cut replica-B gateway-1", "heal gateway-1 replica-B",
            "heal replica-B gateway-1"), calls);
    }
}
