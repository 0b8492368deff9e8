package io.hedge.chaos.nemesis;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The kinds of fault a schedule draws from, by the names a user gives on the command line.
 */
public enum FaultKind
{
    /** kill -9 of a gateway, replica or the sink; restarted at the end. */
    KILL("kill", false),
    /** SIGSTOP of a gateway, replica or the sink; SIGCONT at the end. */
    PAUSE("pause", false),
    /** every role of one site cut from every other role. */
    ISOLATE_SITE("isolate-site", true),
    /** the gateways and replicas split at random into two halves. */
    SPLIT_HALVES("split-halves", true),
    /** {active gateway + one replica} against the other gateways and replicas. */
    SPLIT_ACTIVE_PAIR("split-active-pair", true),
    /** gateways cut from each other, not from the replicas. */
    CUT_GATEWAYS("cut-gateways", true),
    /** one direction only: the active gateway to one replica, or one replica to the gateways. */
    ONE_WAY("one-way", true),
    /** loss on one replica's receive path. */
    LOSS("loss", false),
    /** one replica's engine slowed down. */
    SLOW("slow", false),
    /** a gateway's or replica's disk full. */
    DISK_FULL("disk-full", false),
    /**
     * a hostile process sends forged member messages and logons ({@link ForgeWindow}); drawn apart from the other
     * kinds ({@link ForgeWindows}), so that it changes no other fault of a seed's schedule.
     */
    FORGE("forge", false);

    private final String label;
    private final boolean network;

    FaultKind(final String label, final boolean network)
    {
        this.label = label;
        this.network = network;
    }

    /**
     * @return the name on the command line and in the nemesis log.
     */
    public String label()
    {
        return label;
    }

    /**
     * @return whether the fault cuts links (and may touch every role), rather than acting on one role.
     */
    public boolean network()
    {
        return network;
    }

    /**
     * @param names "all", or names separated by commas ("kill,split-active-pair"); case and spaces do not matter.
     * @return the kinds, in declaration order.
     * @throws IllegalArgumentException naming an unknown kind and the known ones.
     */
    public static Set<FaultKind> parse(final String names)
    {
        final Set<FaultKind> kinds = EnumSet.noneOf(FaultKind.class);
        for (final String raw : names.split(","))
        {
            final String name = raw.trim().toLowerCase(Locale.ROOT);
            if (name.isEmpty())
            {
                continue;
            }
            if ("all".equals(name))
            {
                kinds.addAll(EnumSet.allOf(FaultKind.class));
                continue;
            }
            kinds.add(byLabel(name));
        }
        if (kinds.isEmpty())
        {
            throw new IllegalArgumentException("no fault kind given; known: all, " + labels());
        }
        return kinds;
    }

    private static FaultKind byLabel(final String name)
    {
        for (final FaultKind kind : values())
        {
            if (kind.label.equals(name))
            {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown fault kind '" + name + "'; known: all, " + labels());
    }

    private static String labels()
    {
        final List<String> labels = new ArrayList<>();
        for (final FaultKind kind : values())
        {
            labels.add(kind.label);
        }
        return String.join(", ", labels);
    }
}
