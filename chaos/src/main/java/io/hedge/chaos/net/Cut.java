package io.hedge.chaos.net;

import io.hedge.chaos.run.Network;
import io.hedge.chaos.run.RoleId;

import java.util.List;

/**
 * One direction of a partition: every packet from {@code from} to {@code to} is dropped.
 */
public record Cut(RoleId from, RoleId to)
{
    public Cut
    {
        if (from.equals(to))
        {
            throw new IllegalArgumentException("a role cannot be cut from itself: " + from);
        }
    }

    /**
     * Make every cut of a list on a network.
     */
    public static void apply(final Network network, final List<Cut> cuts)
    {
        cuts.forEach(cut -> network.cut(cut.from(), cut.to()));
    }

    /**
     * Heal every cut of a list, and only those.
     */
    public static void heal(final Network network, final List<Cut> cuts)
    {
        cuts.forEach(cut -> network.heal(cut.from(), cut.to()));
    }

    @Override
    public String toString()
    {
        return from + " -/-> " + to;
    }
}
