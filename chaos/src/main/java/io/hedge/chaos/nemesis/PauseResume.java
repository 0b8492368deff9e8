package io.hedge.chaos.nemesis;

import io.hedge.chaos.run.Fabric;
import io.hedge.chaos.run.RoleId;

/**
 * SIGSTOP of one role, SIGCONT when the fault ends: a long GC pause or a hung host, whose peers see silence but whose
 * sockets and state survive.
 *
 * @param role the role to pause.
 */
public record PauseResume(RoleId role) implements Fault
{
    @Override
    public String describe()
    {
        return "pause " + role;
    }

    @Override
    public void start(final Fabric fabric)
    {
        fabric.pause(role);
    }

    @Override
    public void end(final Fabric fabric)
    {
        fabric.resume(role);
    }
}
