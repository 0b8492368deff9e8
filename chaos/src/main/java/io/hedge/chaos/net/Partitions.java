package io.hedge.chaos.net;

import io.hedge.chaos.run.RoleId;
import io.hedge.chaos.run.RoleKind;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The partitions of a chaos run as lists of one-direction {@link Cut}s, which {@link Cut#apply} makes on any
 * {@link io.hedge.chaos.run.Network} and {@link Cut#heal} undoes. Every list is in a fixed order (that of the roles
 * given), so that a seeded schedule makes the same cuts in the same order.
 */
public final class Partitions
{
    private Partitions()
    {
    }

    /**
     * Cut the group off from every other role, both directions: clients and the sink included, as when a site loses
     * its links to the world.
     *
     * @param all   every role of the run.
     * @param group the roles cut off.
     */
    public static List<Cut> isolate(final List<RoleId> all, final Collection<RoleId> group)
    {
        return between(group, rest(all, group));
    }

    /**
     * Cut every role of one site off from every other role, both directions.
     */
    public static List<Cut> isolateSite(final List<RoleId> all, final String site)
    {
        return isolate(all, atSite(all, site));
    }

    /**
     * Split the fabric's gateways and replicas in two, both directions: the side given against the other gateways and
     * replicas. Clients and the sink stay connected to both sides, as when the link between data centers breaks but
     * each remains reachable from outside; that is the case where two gateways may both answer.
     *
     * @param all  every role of the run.
     * @param side gateways and replicas on one side, such as {active gateway, one replica}.
     */
    public static List<Cut> split(final List<RoleId> all, final Collection<RoleId> side)
    {
        return between(side, rest(fabric(all), side));
    }

    /**
     * Cut the gateways from each other, both directions, but not from the replicas, the clients or the sink.
     */
    public static List<Cut> gatewaysApart(final List<RoleId> all)
    {
        final List<RoleId> gateways = all.stream().filter(r -> r.kind() == RoleKind.GATEWAY).toList();
        final List<Cut> cuts = new ArrayList<>();
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
        return cuts;
    }

    /**
     * Cut one direction only: from every role of one group to every role of the other, while the other direction
     * still passes.
     */
    public static List<Cut> oneWay(final Collection<RoleId> from, final Collection<RoleId> to)
    {
        final List<Cut> cuts = new ArrayList<>();
        for (final RoleId f : from)
        {
            for (final RoleId t : to)
            {
                if (!f.equals(t))
                {
                    cuts.add(new Cut(f, t));
                }
            }
        }
        return cuts;
    }

    /**
     * Cut both directions between every role of one group and every role of the other.
     */
    public static List<Cut> between(final Collection<RoleId> a, final Collection<RoleId> b)
    {
        final List<Cut> cuts = new ArrayList<>(oneWay(a, b));
        cuts.addAll(oneWay(b, a));
        return cuts;
    }

    /**
     * @return the roles at a site, in the order given.
     */
    public static List<RoleId> atSite(final List<RoleId> all, final String site)
    {
        final List<RoleId> roles = all.stream().filter(r -> r.site().equals(site)).toList();
        if (roles.isEmpty())
        {
            throw new IllegalArgumentException("no role at site '" + site + "' among " + all);
        }
        return roles;
    }

    /**
     * @return the gateways and replicas, in the order given.
     */
    public static List<RoleId> fabric(final List<RoleId> all)
    {
        return all.stream().filter(r -> r.kind() == RoleKind.GATEWAY || r.kind() == RoleKind.REPLICA).toList();
    }

    private static List<RoleId> rest(final List<RoleId> all, final Collection<RoleId> group)
    {
        final Set<RoleId> excluded = new LinkedHashSet<>(group);
        if (!all.containsAll(excluded))
        {
            throw new IllegalArgumentException("roles " + group + " are not all among " + all);
        }
        return all.stream().filter(r -> !excluded.contains(r)).toList();
    }
}
