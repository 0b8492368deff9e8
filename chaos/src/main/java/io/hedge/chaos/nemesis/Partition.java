package io.hedge.chaos.nemesis;

import io.hedge.chaos.run.Fabric;
import io.hedge.chaos.run.RoleId;
import io.hedge.chaos.run.RoleKind;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * A network partition, made of one-direction cuts through {@link io.hedge.chaos.run.Network#cut}: a two-way partition
 * between two groups is a cut each way between every pair across them. The cuts are worked out when the fault starts
 * (so a shape that names "the active gateway" acts on the gateway active then), and ending heals exactly the cuts
 * starting made, even when starting failed half way.
 *
 * <p>Clients and the effects sink stand outside the sites: only {@link #isolateSite} cuts them off (from the isolated
 * site); the other shapes leave them reaching every side, as a client on the internet reaches every data center.
 */
public final class Partition implements Fault
{
    /**
     * One direction of one link: packets from {@code from} to {@code to} vanish.
     */
    public record Cut(RoleId from, RoleId to)
    {
        @Override
        public String toString()
        {
            return from + "->" + to;
        }
    }

    private record Plan(String description, List<Cut> cuts)
    {
    }

    private final String shape;
    private final Function<Fabric, Plan> planner;
    private final List<Cut> made = new ArrayList<>();
    private String resolved;

    private Partition(final String shape, final Function<Fabric, Plan> planner)
    {
        this.shape = shape;
        this.planner = planner;
    }

    /**
     * Every role of a site cut from every other role of the run, both ways.
     */
    public static Partition isolateSite(final String site)
    {
        return new Partition("isolate site " + site, fabric ->
        {
            final List<RoleId> inside = new ArrayList<>();
            final List<RoleId> outside = new ArrayList<>();
            for (final RoleId role : fabric.roles())
            {
                (site.equals(role.site()) ? inside : outside).add(role);
            }
            return new Plan("isolate site " + site + ": " + sides(inside, outside), bothWays(inside, outside));
        });
    }

    /**
     * Two fixed groups cut from each other, both ways.
     */
    public static Partition halves(final List<RoleId> sideA, final List<RoleId> sideB)
    {
        final String description = "partition " + sides(sideA, sideB);
        return new Partition(description, fabric -> new Plan(description, bothWays(sideA, sideB)));
    }

    /**
     * {active gateway + one replica} against every other gateway and replica, both ways: the shape that lets two
     * gateways both believe they are active.
     */
    public static Partition activeGatewayWith(final RoleId replica)
    {
        return new Partition("partition {active gateway, " + replica + "} | rest", fabric ->
        {
            final RoleId active = activeGateway(fabric);
            final List<RoleId> minority = List.of(active, replica);
            final List<RoleId> rest = new ArrayList<>();
            for (final RoleId role : fabric.roles())
            {
                if (isSiteRole(role) && !minority.contains(role))
                {
                    rest.add(role);
                }
            }
            return new Plan("partition " + sides(minority, rest), bothWays(minority, rest));
        });
    }

    /**
     * Every gateway cut from every other gateway, both ways; gateways and replicas still reach each other.
     */
    public static Partition gatewaysApart()
    {
        return new Partition("cut gateways from each other", fabric ->
        {
            final List<Cut> cuts = new ArrayList<>();
            final List<RoleId> gateways = ofKind(fabric, RoleKind.GATEWAY);
            for (final RoleId from : gateways)
            {
                for (final RoleId to : gateways)
                {
                    if (!from.equals(to))
                    {
                        cuts.add(new Cut(from, to));
                    }
                }
            }
            return new Plan("cut gateways from each other " + gateways, cuts);
        });
    }

    /**
     * One direction only: packets from the active gateway (at start) to one replica vanish, the replica's replies
     * still arrive.
     */
    public static Partition activeGatewayTo(final RoleId replica)
    {
        return new Partition("one-way cut active gateway -> " + replica, fabric ->
        {
            final RoleId active = activeGateway(fabric);
            return new Plan("one-way cut " + active + " -> " + replica, List.of(new Cut(active, replica)));
        });
    }

    /**
     * One direction only: packets from one replica to every gateway vanish, the gateways' stream still arrives.
     */
    public static Partition replicaToGateways(final RoleId replica)
    {
        return new Partition("one-way cut " + replica + " -> gateways", fabric ->
        {
            final List<Cut> cuts = new ArrayList<>();
            for (final RoleId gateway : ofKind(fabric, RoleKind.GATEWAY))
            {
                cuts.add(new Cut(replica, gateway));
            }
            return new Plan("one-way cut " + replica + " -> gateways " + ofKind(fabric, RoleKind.GATEWAY), cuts);
        });
    }

    @Override
    public String describe()
    {
        return null == resolved ? shape : resolved;
    }

    /**
     * @return the cuts the last start made (and the next end heals).
     */
    public List<Cut> cuts()
    {
        return Collections.unmodifiableList(made);
    }

    @Override
    public void start(final Fabric fabric)
    {
        final Plan plan = planner.apply(fabric);
        resolved = plan.description();
        for (final Cut cut : plan.cuts())
        {
            // recorded before the call: a cut that failed half way is still healed
            made.add(cut);
            fabric.network().cut(cut.from(), cut.to());
        }
    }

    @Override
    public void end(final Fabric fabric)
    {
        RuntimeException failure = null;
        for (int i = made.size() - 1; i >= 0; i--)
        {
            final Cut cut = made.get(i);
            try
            {
                fabric.network().heal(cut.from(), cut.to());
            }
            catch (final RuntimeException ex)
            {
                // heal the others anyway; the first failure is reported
                failure = null == failure ? ex : failure;
            }
        }
        made.clear();
        if (null != failure)
        {
            throw failure;
        }
    }

    static boolean isSiteRole(final RoleId role)
    {
        return role.kind() == RoleKind.GATEWAY || role.kind() == RoleKind.REPLICA;
    }

    private static RoleId activeGateway(final Fabric fabric)
    {
        final RoleId active = fabric.activeGateway();
        if (null != active)
        {
            return active;
        }
        // no gateway is known active (between terms): act on the first, which is the one most runs start with
        final List<RoleId> gateways = ofKind(fabric, RoleKind.GATEWAY);
        if (gateways.isEmpty())
        {
            throw new IllegalStateException("the fabric has no gateway");
        }
        return gateways.get(0);
    }

    private static List<RoleId> ofKind(final Fabric fabric, final RoleKind kind)
    {
        final List<RoleId> roles = new ArrayList<>();
        for (final RoleId role : fabric.roles())
        {
            if (role.kind() == kind)
            {
                roles.add(role);
            }
        }
        return roles;
    }

    private static List<Cut> bothWays(final List<RoleId> sideA, final List<RoleId> sideB)
    {
        final List<Cut> cuts = new ArrayList<>();
        for (final RoleId a : sideA)
        {
            for (final RoleId b : sideB)
            {
                cuts.add(new Cut(a, b));
                cuts.add(new Cut(b, a));
            }
        }
        return cuts;
    }

    private static String sides(final List<RoleId> sideA, final List<RoleId> sideB)
    {
        return "{" + names(sideA) + "} | {" + names(sideB) + "}";
    }

    private static String names(final List<RoleId> roles)
    {
        final StringBuilder builder = new StringBuilder();
        for (final RoleId role : roles)
        {
            builder.append(builder.length() == 0 ? "" : ", ").append(role.name());
        }
        return builder.toString();
    }
}
