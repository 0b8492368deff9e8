package io.hedge.gateway.auth;

import java.util.ArrayList;
import java.util.List;

/**
 * Who a client session speaks for, once an {@link Authenticator} accepted it: a name, a compact id (sequenced with
 * every request of the session, so every replica sees the same principal) and what it may do. It holds no secret.
 */
public final class Principal
{
    /** Every connect under the {@code none} authenticator: id 0, every permission. */
    public static final Principal ANONYMOUS = new Principal("anonymous", 0, Permission.ALL);

    private final String name;
    private final int id;
    private final int permissions;

    /**
     * @param permissions a mask of {@link Permission#bit()}s.
     */
    public Principal(final String name, final int id, final int permissions)
    {
        this.name = name;
        this.id = id;
        this.permissions = permissions;
    }

    public String name()
    {
        return name;
    }

    /**
     * @return the compact id: 0 for {@link #ANONYMOUS}, 1 to 65535 for a principal of a principals file.
     */
    public int id()
    {
        return id;
    }

    /**
     * @return the mask of {@link Permission#bit()}s it holds.
     */
    public int permissions()
    {
        return permissions;
    }

    public boolean may(final Permission permission)
    {
        return 0 != (permissions & permission.bit());
    }

    @Override
    public String toString()
    {
        final List<String> names = new ArrayList<>();
        for (final Permission permission : Permission.values())
        {
            if (may(permission))
            {
                names.add(permission.fileName());
            }
        }
        return name + " (id " + id + ", " + String.join(",", names) + ")";
    }
}
