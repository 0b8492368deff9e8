package io.hedge.chaos.nemesis;

import io.hedge.chaos.run.Fabric;
import io.hedge.chaos.run.RoleId;

/**
 * Loss on one replica's receive path: its media driver drops inbound frames at a rate, so the stream arrives with gaps
 * that the replica must repair. Needs the role started with {@link FaultHooks#jvmArgs}; switched through
 * {@link FaultHooks#lossFile}.
 *
 * @param role the replica.
 * @param rate the share of inbound frames dropped, in (0, 1].
 */
public record ReceiveLoss(RoleId role, double rate) implements Fault
{
    @Override
    public String describe()
    {
        return String.format("loss %.0f%% on %s's receive path", rate * 100, role);
    }

    @Override
    public void start(final Fabric fabric)
    {
        SwitchFile.write(FaultHooks.lossFile(fabric.roleDirectory(role)), rate);
    }

    @Override
    public void end(final Fabric fabric)
    {
        SwitchFile.clear(FaultHooks.lossFile(fabric.roleDirectory(role)));
    }
}
