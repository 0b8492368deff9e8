package io.hedge.chaos.nemesis;

import io.hedge.chaos.run.Fabric;
import io.hedge.chaos.run.RoleId;

/**
 * A slow replica: its engine waits before every apply, so it falls behind the others without stopping. Needs the role
 * started with {@link FaultHooks#jvmArgs}; switched through {@link FaultHooks#slowFile}.
 *
 * @param role         the replica.
 * @param delayMicros  the wait before each apply.
 */
public record SlowReplica(RoleId role, long delayMicros) implements Fault
{
    @Override
    public String describe()
    {
        return "slow " + role + " (+" + delayMicros + " us per apply)";
    }

    @Override
    public void start(final Fabric fabric)
    {
        SwitchFile.write(FaultHooks.slowFile(fabric.roleDirectory(role)), delayMicros);
    }

    @Override
    public void end(final Fabric fabric)
    {
        SwitchFile.clear(FaultHooks.slowFile(fabric.roleDirectory(role)));
    }
}
