package io.hedge.transport;

import io.aeron.Aeron;
import org.agrona.concurrent.IdleStrategy;

import java.util.function.Supplier;

/**
 * What every role's Context has in common, in the manner of Aeron's {@code CommonContext}: the Aeron client or the
 * directory of the media driver to connect to, the idle strategy, the fragment limit of a poll, and a guard that a
 * Context is concluded once. A role's Context adds its own settings and checks them in {@link #concludeRole()}.
 *
 * @param <T> the role's Context, for chaining.
 */
public abstract class RoleContext<T extends RoleContext<T>>
{
    /** Fragments read per poll of a subscription. */
    public static final int DEFAULT_FRAGMENT_LIMIT = 64;

    private boolean concluded;
    private String aeronDirectoryName;
    private Aeron aeron;
    private Supplier<IdleStrategy> idleStrategySupplier = IdleStrategies::backoff;
    private int fragmentLimit = DEFAULT_FRAGMENT_LIMIT;
    private SecurityCounters securityCounters;

    /**
     * @return what this Context configures, for messages ("gateway 2", "replica A").
     */
    public abstract String roleName();

    /**
     * Check the role's own settings.
     *
     * @throws IllegalArgumentException naming the key of the first setting that is wrong.
     */
    protected abstract void concludeRole();

    /**
     * Check every setting, once, before anything starts.
     *
     * @return this, for chaining.
     * @throws IllegalArgumentException naming the key of the first setting that is wrong.
     * @throws IllegalStateException    when this Context was concluded before: a Context serves one launch.
     */
    public final T conclude()
    {
        if (concluded)
        {
            throw new IllegalStateException(roleName() + ": its context is already concluded; a context serves one launch");
        }
        if (null == aeron && (null == aeronDirectoryName || aeronDirectoryName.isBlank()))
        {
            throw new IllegalArgumentException(roleName() + " needs an Aeron client or aeron.dir");
        }
        if (null == idleStrategySupplier)
        {
            throw new IllegalArgumentException(roleName() + ": idle strategy is required");
        }
        if (fragmentLimit <= 0)
        {
            throw new IllegalArgumentException(roleName() + ": fragment limit must be positive, got " + fragmentLimit);
        }
        concludeRole();
        concluded = true;
        return self();
    }

    public final boolean isConcluded()
    {
        return concluded;
    }

    @SuppressWarnings("unchecked")
    protected final T self()
    {
        return (T)this;
    }

    public final String aeronDirectoryName()
    {
        return aeronDirectoryName;
    }

    public final T aeronDirectoryName(final String aeronDirectoryName)
    {
        this.aeronDirectoryName = aeronDirectoryName;
        return self();
    }

    /**
     * @return the Aeron client to use, or null: the role then connects its own to {@link #aeronDirectoryName()}.
     */
    public final Aeron aeron()
    {
        return aeron;
    }

    public final T aeron(final Aeron aeron)
    {
        this.aeron = aeron;
        return self();
    }

    public final Supplier<IdleStrategy> idleStrategySupplier()
    {
        return idleStrategySupplier;
    }

    public final T idleStrategySupplier(final Supplier<IdleStrategy> idleStrategySupplier)
    {
        this.idleStrategySupplier = idleStrategySupplier;
        return self();
    }

    public final int fragmentLimit()
    {
        return fragmentLimit;
    }

    public final T fragmentLimit(final int fragmentLimit)
    {
        this.fragmentLimit = fragmentLimit;
        return self();
    }

    /**
     * @return what the role refused for want of trust: set by {@link RoleRunner} as Aeron counters of the role's media
     * driver; until then (and in tests that build an agent directly) the same counters in memory.
     */
    public final SecurityCounters securityCounters()
    {
        if (null == securityCounters)
        {
            securityCounters = SecurityCounters.inMemory(roleName());
        }
        return securityCounters;
    }

    public final T securityCounters(final SecurityCounters securityCounters)
    {
        this.securityCounters = securityCounters;
        return self();
    }
}
