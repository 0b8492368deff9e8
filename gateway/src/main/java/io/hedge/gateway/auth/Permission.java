package io.hedge.gateway.auth;

import java.util.Locale;

/**
 * What a principal may do at a gateway. The gateway checks {@link #SUBMIT} (requests and outcome queries),
 * {@link #QUERY} (read-only queries) and {@link #STATUS} (status queries, and on the ops port STATUS and ALARMS); its
 * ops port checks {@link #ADMIN} (every other admin verb: snapshot, suspend, resume, shutdown, switchover) and
 * {@link #METRICS} (the relay of role reports and health to a subscribed ops session).
 */
public enum Permission
{
    SUBMIT, QUERY, STATUS, ADMIN, METRICS;

    /** Every permission, as a mask. */
    public static final int ALL = (1 << values().length) - 1;

    /**
     * @return this permission's bit in a mask.
     */
    public int bit()
    {
        return 1 << ordinal();
    }

    /**
     * @return the name a principals file uses for it: {@code submit}, {@code query}, ...
     */
    public String fileName()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @return the permission a principals file names so, or null.
     */
    public static Permission ofFileName(final String name)
    {
        for (final Permission permission : values())
        {
            if (permission.fileName().equals(name))
            {
                return permission;
            }
        }
        return null;
    }
}
