package io.hedge.chaos.nemesis;

import io.hedge.chaos.run.Fabric;
import io.hedge.chaos.run.Network;
import io.hedge.chaos.run.RoleId;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A fabric that only records what the nemesis asks of it: three sites (gateway and replica each), two clients and
 * the sink; cuts are kept as a set so that a test can see which are still in place.
 */
final class FakeFabric implements Fabric, Network
{
    static final RoleId G1 = RoleId.gateway(1, "A");
    static final RoleId G2 = RoleId.gateway(2, "B");
    static final RoleId G3 = RoleId.gateway(3, "C");
    static final RoleId RA = RoleId.replica(1, "A");
    static final RoleId RB = RoleId.replica(2, "B");
    static final RoleId RC = RoleId.replica(3, "C");
    static final RoleId C1 = RoleId.client(1);
    static final RoleId C2 = RoleId.client(2);
    static final RoleId SINK = RoleId.sink();
    static final List<RoleId> ROLES = List.of(G1, G2, G3, RA, RB, RC, C1, C2, SINK);

    final List<String> calls = new ArrayList<>();
    final Set<Partition.Cut> cuts = new LinkedHashSet<>();
    private final Path base;
    volatile RoleId active = G1;
    volatile int failCutAfter = Integer.MAX_VALUE;

    FakeFabric(final Path base)
    {
        this.base = base;
    }

    @Override
    public List<RoleId> roles()
    {
        return ROLES;
    }

    @Override
    public synchronized void kill(final RoleId role)
    {
        calls.add("kill " + role);
    }

    @Override
    public synchronized void restart(final RoleId role)
    {
        calls.add("restart " + role);
    }

    final Set<RoleId> dead = new LinkedHashSet<>();

    @Override
    public synchronized boolean isAlive(final RoleId role)
    {
        return !dead.contains(role);
    }

    @Override
    public synchronized void pause(final RoleId role)
    {
        calls.add("pause " + role);
    }

    @Override
    public synchronized void resume(final RoleId role)
    {
        calls.add("resume " + role);
    }

    @Override
    public Path roleDirectory(final RoleId role)
    {
        return base.resolve(role.name());
    }

    @Override
    public Network network()
    {
        return this;
    }

    @Override
    public RoleId activeGateway()
    {
        return active;
    }

    @Override
    public String address(final RoleId role)
    {
        return "198.18.0." + (ROLES.indexOf(role) + 2);
    }

    @Override
    public synchronized void cut(final RoleId from, final RoleId to)
    {
        if (cuts.size() >= failCutAfter)
        {
            throw new IllegalStateException("cut " + from + "->" + to + " failed (test)");
        }
        calls.add("cut " + from + "->" + to);
        cuts.add(new Partition.Cut(from, to));
    }

    @Override
    public synchronized void heal(final RoleId from, final RoleId to)
    {
        calls.add("heal " + from + "->" + to);
        cuts.remove(new Partition.Cut(from, to));
    }

    @Override
    public synchronized void healAll()
    {
        calls.add("healAll");
        cuts.clear();
    }

    synchronized List<String> calls()
    {
        return List.copyOf(calls);
    }
}
