package io.hedge.chaos.net;

import io.hedge.chaos.run.Network;
import io.hedge.chaos.run.RoleId;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The network of a chaos run: a router namespace and one namespace per role, each joined to the router by a veth
 * pair of its own with a /31 of 198.18.0.0/15 (the range reserved for network benchmarking), so that every role has
 * its own address that exists only inside these namespaces and no packet leaves the machine.
 * <p>
 * Addresses: the roles of the site at position {@code s} of the sites (from 1) are {@code 198.18.s.3},
 * {@code 198.18.s.5}, ... in the order given; clients and the sink, outside the sites, are {@code 198.18.0.3},
 * {@code 198.18.0.5}, ... The router's end of each pair is the even address below the role's, and the role's default
 * route. Each role has its own routed link rather than a port of one bridge: a role that cannot resolve a cut peer on
 * a shared segment would stall its sends to the others (docs/THREE-SITES.md).
 * <p>
 * A cut from X to Y is a /32 route to Y in X's namespace through a veth pair that leads nowhere (ARP off, so nothing
 * waits for a neighbour): the packets vanish while {@code sendmsg} succeeds, as on a broken WAN link; the other
 * direction is untouched. {@link #close()} removes every namespace and link, also from a shutdown hook.
 */
public final class ChaosTopology implements Network, AutoCloseable
{
    /** The first two octets of every address. */
    public static final String NET = "198.18";
    /** The interface of each role's link to the router, inside the role's namespace. */
    public static final String ROLE_LINK = "eth0";
    private static final String CUT_LINK = "cuta";
    private static final String CUT_PEER = "cutb";

    private final String prefix;
    private final Netns netns;
    private final Map<RoleId, String> addresses = new LinkedHashMap<>();
    private final Set<RoleId> cutReady = new HashSet<>();
    private final Set<Cut> cuts = new LinkedHashSet<>();

    private ChaosTopology(final String prefix, final Netns netns)
    {
        this.prefix = prefix;
        this.netns = netns;
    }

    /**
     * The roles of a run in the usual layout: gateway g at the site at position g (wrapping around when there are
     * more gateways than sites) and the replica of each site there, site by site; then the clients and the sink.
     *
     * @param sites    site names, in order: the replica of the site at position p (from 1) has id p.
     * @param gateways number of gateways.
     * @param clients  number of client roles.
     * @param sink     whether the run has an effects sink.
     */
    public static List<RoleId> roles(final List<String> sites, final int gateways, final int clients, final boolean sink)
    {
        if (sites.isEmpty() || gateways < 1)
        {
            throw new IllegalArgumentException("at least one site and one gateway, got sites " + sites + " and " +
                gateways + " gateways");
        }
        final List<RoleId> roles = new ArrayList<>();
        for (int position = 1; position <= sites.size(); position++)
        {
            final String site = sites.get(position - 1);
            for (int gatewayId = position; gatewayId <= gateways; gatewayId += sites.size())
            {
                roles.add(RoleId.gateway(gatewayId, site));
            }
            roles.add(RoleId.replica(position, site));
        }
        for (int number = 1; number <= clients; number++)
        {
            roles.add(RoleId.client(number));
        }
        if (sink)
        {
            roles.add(RoleId.sink());
        }
        return roles;
    }

    /**
     * Build the network: the router, a namespace per role, their links, addresses and routes. If anything fails, what
     * was made is removed before the exception leaves.
     *
     * @param prefix the run's prefix for namespace names ({@link Netns#newPrefix()}).
     * @param roles  every role of the run; sites are numbered in the order they first appear.
     * @throws IllegalStateException if this process is not root.
     */
    public static ChaosTopology create(final String prefix, final List<RoleId> roles)
    {
        if (new HashSet<>(roles).size() != roles.size() || roles.size() > 120)
        {
            throw new IllegalArgumentException("roles must be distinct and at most 120: " + roles);
        }
        final Netns netns = new Netns();
        final ChaosTopology topology = new ChaosTopology(prefix, netns);
        try
        {
            topology.build(roles);
            return topology;
        }
        catch (final RuntimeException ex)
        {
            try
            {
                netns.close();
            }
            catch (final RuntimeException cleanup)
            {
                ex.addSuppressed(cleanup);
            }
            throw ex;
        }
    }

    private void build(final List<RoleId> roles)
    {
        final String router = routerNamespace();
        netns.create(router);
        netns.exec(router, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
        final List<String> sites = new ArrayList<>();
        final Map<Integer, Integer> usedInGroup = new LinkedHashMap<>();
        for (int i = 0; i < roles.size(); i++)
        {
            final RoleId role = roles.get(i);
            if (!role.site().isEmpty() && !sites.contains(role.site()))
            {
                sites.add(role.site());
            }
            final int group = role.site().isEmpty() ? 0 : sites.indexOf(role.site()) + 1;
            final int pair = usedInGroup.merge(group, 1, Integer::sum);
            final String routerEnd = NET + "." + group + "." + (2 * pair);
            final String roleEnd = NET + "." + group + "." + (2 * pair + 1);
            final String namespace = prefix + "-" + role.name();
            final String routerLink = "r" + i;
            netns.create(namespace);
            netns.vethPair(router, routerLink, namespace, ROLE_LINK);
            netns.ip(router, "addr", "add", routerEnd + "/31", "dev", routerLink);
            netns.ip(router, "link", "set", routerLink, "up");
            netns.ip(namespace, "addr", "add", roleEnd + "/31", "dev", ROLE_LINK);
            netns.ip(namespace, "link", "set", ROLE_LINK, "up");
            netns.ip(namespace, "route", "add", "default", "via", routerEnd);
            addresses.put(role, roleEnd);
        }
    }

    /**
     * @return the run's prefix: every namespace's name starts with it.
     */
    public String prefix()
    {
        return prefix;
    }

    /**
     * @return every role, in the order given to {@link #create}.
     */
    public List<RoleId> roles()
    {
        return List.copyOf(addresses.keySet());
    }

    @Override
    public String address(final RoleId role)
    {
        final String address = addresses.get(role);
        if (null == address)
        {
            throw new IllegalArgumentException("no role " + role + " in this topology: " + addresses.keySet());
        }
        return address;
    }

    /**
     * @return the name of the role's namespace: the prefix, a dash and the role's name ("hx1a2b3c-replica-A").
     */
    public String namespace(final RoleId role)
    {
        address(role);
        return prefix + "-" + role.name();
    }

    /**
     * @return the namespace of the router that joins the roles.
     */
    public String routerNamespace()
    {
        return prefix + "-router";
    }

    /**
     * @return the words that run a command in the role's namespace ({@code ip netns exec NAME}), for
     * {@link io.hedge.chaos.RoleProcess}'s command prefix.
     */
    public List<String> commandPrefix(final RoleId role)
    {
        return Netns.execPrefix(namespace(role));
    }

    /**
     * Run a short command in the role's namespace, to completion.
     *
     * @return its output.
     */
    public String exec(final RoleId role, final String... command)
    {
        return netns.exec(namespace(role), command);
    }

    @Override
    public synchronized void cut(final RoleId from, final RoleId to)
    {
        final Cut cut = new Cut(from, to);
        final String target = address(to);
        if (cuts.contains(cut))
        {
            return;
        }
        final String namespace = namespace(from);
        if (cutReady.add(from))
        {
            netns.ip(namespace, "link", "add", CUT_LINK, "type", "veth", "peer", "name", CUT_PEER);
            netns.ip(namespace, "link", "set", CUT_LINK, "arp", "off");
            netns.ip(namespace, "link", "set", CUT_LINK, "up");
            netns.ip(namespace, "link", "set", CUT_PEER, "up");
        }
        netns.ip(namespace, "route", "replace", target + "/32", "dev", CUT_LINK);
        cuts.add(cut);
    }

    @Override
    public synchronized void heal(final RoleId from, final RoleId to)
    {
        final Cut cut = new Cut(from, to);
        if (!cuts.contains(cut))
        {
            return;
        }
        netns.ip(namespace(from), "route", "del", address(to) + "/32", "dev", CUT_LINK);
        cuts.remove(cut);
    }

    @Override
    public synchronized void healAll()
    {
        for (final Cut cut : List.copyOf(cuts))
        {
            heal(cut.from(), cut.to());
        }
    }

    /**
     * @return the cuts in force, in the order they were made.
     */
    public synchronized List<Cut> cuts()
    {
        return List.copyOf(cuts);
    }

    /**
     * Remove every namespace and link. Stop the roles' processes first: a process keeps its namespace alive.
     */
    @Override
    public void close()
    {
        netns.close();
    }
}
