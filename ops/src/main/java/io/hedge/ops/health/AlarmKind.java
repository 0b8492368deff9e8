package io.hedge.ops.health;

import io.hedge.codecs.ops.Health;

/**
 * What an alarm is about. A subject has at most one open alarm of each kind; its health is the worst of them. A
 * report that is merely late (SUSPECT) raises none: one late report is common under load, and DOWN follows within
 * {@code health.down.ms} if it is real.
 */
public enum AlarmKind
{
    DOWN(Health.DOWN, null),
    LAGGING(Health.LAGGING, null),
    LAG_RISING(Health.DEGRADED, "lag"),
    APPLY_RISING(Health.DEGRADED, "apply p99"),
    JOURNAL_RISING(Health.DEGRADED, "journal append p99"),
    GC_RISING(Health.DEGRADED, "GC pause time"),
    DISK_FALLING(Health.DEGRADED, "free disk");

    static final AlarmKind[] VALUES = values();

    private final Health health;
    private final String metric;

    AlarmKind(final Health health, final String metric)
    {
        this.health = health;
        this.metric = metric;
    }

    public Health health()
    {
        return health;
    }

    /**
     * @return the metric a trend alarm watches, or null for DOWN and LAGGING.
     */
    public String metric()
    {
        return metric;
    }

    /**
     * @return true when the lower of the two health states is worse: DOWN, SUSPECT, LAGGING, DEGRADED, UP.
     */
    static boolean worse(final Health a, final Health b)
    {
        return rank(a) > rank(b);
    }

    private static int rank(final Health health)
    {
        return switch (health)
        {
            case DOWN -> 4;
            case SUSPECT -> 3;
            case LAGGING -> 2;
            case DEGRADED -> 1;
            default -> 0;
        };
    }
}
