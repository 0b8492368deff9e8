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
    private String memberKeyFile = "";
    private byte[] memberKey;

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
        concludeMemberKey();
        concluded = true;
        return self();
    }

    private void concludeMemberKey()
    {
        if (null == memberKeyFile || memberKeyFile.isBlank())
        {
            memberKeyFile = "";
            memberKey = null;
            return;
        }
        if (!isMember())
        {
            throw TransportConfiguration.MEMBER_KEY_FILE.invalid(roleName() + " is not a member of the fabric and " +
                "must not hold the cluster key");
        }
        // every error of the key file starts with the setting's name and names the file, never the key
        memberKey = MemberKeyFile.read(java.nio.file.Path.of(memberKeyFile));
    }

    /**
     * @return true for the roles that speak on member streams (gateways, replicas): those that hold the cluster key
     * and log a warning at start when they hold none.
     */
    protected boolean isMember()
    {
        return false;
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

    /**
     * @return the file of the cluster key ({@code member.key.file}), empty when member authentication is off.
     */
    public final String memberKeyFile()
    {
        return memberKeyFile;
    }

    public final T memberKeyFile(final String memberKeyFile)
    {
        this.memberKeyFile = memberKeyFile;
        return self();
    }

    /**
     * @return true when this member seals what it sends to members and refuses what is not sealed: the key was read
     * at {@link #conclude()}.
     */
    public final boolean memberAuthentication()
    {
        return null != memberKey;
    }

    /**
     * @return a new sealing of member streams, for one thread: with the key read at {@link #conclude()}, or one that
     * passes everything through when member authentication is off.
     */
    public final MemberSealing newMemberSealing()
    {
        return new MemberSealing(memberKey, securityCounters().memberMessagesRejected(), roleName());
    }

    public final T securityCounters(final SecurityCounters securityCounters)
    {
        this.securityCounters = securityCounters;
        return self();
    }
}
