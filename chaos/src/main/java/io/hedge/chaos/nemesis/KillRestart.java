package io.hedge.chaos.nemesis;

import io.hedge.chaos.run.Fabric;
import io.hedge.chaos.run.RoleId;

/**
 * kill -9 of one role, restarted (same settings, address and directories) when the fault ends: a crashed host that
 * comes back.
 *
 * @param role the role to kill.
 */
public record KillRestart(RoleId role) implements Fault
{
    @Override
    public String describe()
    {
        return "kill " + role;
    }

    @Override
    public void start(final Fabric fabric)
    {
        fabric.kill(role);
    }

    @Override
    public void end(final Fabric fabric)
    {
        fabric.restart(role);
    }
}
