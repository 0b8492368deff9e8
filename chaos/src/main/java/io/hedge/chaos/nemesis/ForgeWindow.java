package io.hedge.chaos.nemesis;

import io.hedge.chaos.run.Fabric;

/**
 * A window in which the forger, a hostile process in a namespace of its own, sends forged member messages and logons
 * to the fabric ({@code io.hedge.chaos.forge.Forger}). It does not touch the fabric's processes or links, so it may
 * overlap any other fault; it ends when the forger has finished its window.
 *
 * @param window   the window's number, from 1.
 * @param lengthMs how long the forger sends.
 */
public record ForgeWindow(int window, long lengthMs) implements Fault
{
    @Override
    public String describe()
    {
        return "forge window " + window + ": forged heartbeats, votes, statuses, responses, effects, epoch jumps " +
            "and logons";
    }

    @Override
    public void start(final Fabric fabric)
    {
        fabric.startForger(window, lengthMs);
    }

    @Override
    public void end(final Fabric fabric)
    {
        fabric.stopForger(window);
    }
}
