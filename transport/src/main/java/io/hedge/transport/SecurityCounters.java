package io.hedge.transport;

import io.aeron.Aeron;
import org.agrona.collections.MutableLong;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

import java.nio.ByteBuffer;

/**
 * What a role refused because it did not trust it, as Aeron counters: another process (the chaos harness, AeronStat,
 * an operator's tool) reads them from the role's media driver without asking the role anything, so a role that is
 * being flooded still reports what it is dropping.
 *
 * <p>The type ids are the contract with readers; a label ends with the role's name (for example {@code gateway-1}).
 * Unit tests without a media driver use {@link #inMemory(String)}, the same counters over heap buffers.
 */
public final class SecurityCounters implements AutoCloseable
{
    /** A member message (between gateways, replicas and the effects sink) without a valid seal. */
    public static final int MEMBER_MESSAGES_REJECTED_TYPE_ID = 7_701;
    /** A sealed member message whose epoch jumps further than the protocol allows. */
    public static final int EPOCH_JUMPS_REFUSED_TYPE_ID = 7_702;
    /** A connect whose credentials (or answer to a challenge) the authenticator refused. */
    public static final int LOGONS_REJECTED_TYPE_ID = 7_703;
    /** A connect with a client id that belongs to another principal. */
    public static final int CLIENT_ID_CLAIMS_REJECTED_TYPE_ID = 7_704;
    /** A client message its principal lacks the permission for. */
    public static final int REQUESTS_UNAUTHORIZED_TYPE_ID = 7_705;
    /** A message whose header, block length, or a length or count inside it does not fit what arrived. */
    public static final int MALFORMED_MESSAGES_DROPPED_TYPE_ID = 7_706;
    /** A message dropped because its source exceeded its share (connects or requests per second). */
    public static final int SOURCE_LIMIT_DROPS_TYPE_ID = 7_707;
    /** A member message naming a member id that is not configured. */
    public static final int UNKNOWN_MEMBER_MESSAGES_TYPE_ID = 7_708;

    private static final int IN_MEMORY_COUNTERS = 16;

    private final AtomicCounter memberMessagesRejected;
    private final AtomicCounter epochJumpsRefused;
    private final AtomicCounter logonsRejected;
    private final AtomicCounter clientIdClaimsRejected;
    private final AtomicCounter requestsUnauthorized;
    private final AtomicCounter malformedMessagesDropped;
    private final AtomicCounter sourceLimitDrops;
    private final AtomicCounter unknownMemberMessages;

    private SecurityCounters(final CounterFactory factory, final String roleName)
    {
        memberMessagesRejected = factory.newCounter(MEMBER_MESSAGES_REJECTED_TYPE_ID,
            "hedge member messages rejected: " + roleName);
        epochJumpsRefused = factory.newCounter(EPOCH_JUMPS_REFUSED_TYPE_ID, "hedge epoch jumps refused: " + roleName);
        logonsRejected = factory.newCounter(LOGONS_REJECTED_TYPE_ID, "hedge logons rejected: " + roleName);
        clientIdClaimsRejected = factory.newCounter(CLIENT_ID_CLAIMS_REJECTED_TYPE_ID,
            "hedge client id claims rejected: " + roleName);
        requestsUnauthorized = factory.newCounter(REQUESTS_UNAUTHORIZED_TYPE_ID,
            "hedge requests unauthorized: " + roleName);
        malformedMessagesDropped = factory.newCounter(MALFORMED_MESSAGES_DROPPED_TYPE_ID,
            "hedge malformed messages dropped: " + roleName);
        sourceLimitDrops = factory.newCounter(SOURCE_LIMIT_DROPS_TYPE_ID, "hedge source limit drops: " + roleName);
        unknownMemberMessages = factory.newCounter(UNKNOWN_MEMBER_MESSAGES_TYPE_ID,
            "hedge unknown member messages: " + roleName);
    }

    /**
     * Counters in the media driver of this Aeron client, readable by any process that maps its CnC file.
     */
    public static SecurityCounters allocate(final Aeron aeron, final String roleName)
    {
        return new SecurityCounters(aeron::addCounter, roleName);
    }

    /**
     * The same counters over heap buffers, for tests and for roles built without an Aeron client.
     */
    public static SecurityCounters inMemory(final String roleName)
    {
        return over(new CountersManager(
            new UnsafeBuffer(ByteBuffer.allocateDirect(IN_MEMORY_COUNTERS * CountersReader.METADATA_LENGTH)),
            new UnsafeBuffer(ByteBuffer.allocateDirect(IN_MEMORY_COUNTERS * CountersReader.COUNTER_LENGTH))), roleName);
    }

    /**
     * The counters in a counters manager the caller holds (and can read back).
     */
    public static SecurityCounters over(final CountersManager manager, final String roleName)
    {
        return new SecurityCounters((typeId, label) -> manager.newCounter(label, typeId), roleName);
    }

    public AtomicCounter memberMessagesRejected()
    {
        return memberMessagesRejected;
    }

    public AtomicCounter epochJumpsRefused()
    {
        return epochJumpsRefused;
    }

    public AtomicCounter logonsRejected()
    {
        return logonsRejected;
    }

    public AtomicCounter clientIdClaimsRejected()
    {
        return clientIdClaimsRejected;
    }

    public AtomicCounter requestsUnauthorized()
    {
        return requestsUnauthorized;
    }

    public AtomicCounter malformedMessagesDropped()
    {
        return malformedMessagesDropped;
    }

    public AtomicCounter sourceLimitDrops()
    {
        return sourceLimitDrops;
    }

    public AtomicCounter unknownMemberMessages()
    {
        return unknownMemberMessages;
    }

    /**
     * @return the sum of every allocated counter of this type whose label ends with {@code ": " + roleName} (or of
     * every role when roleName is null), as another process reads it from a media driver's counters.
     */
    public static long read(final CountersReader reader, final int typeId, final String roleName)
    {
        final MutableLong sum = new MutableLong();
        final String suffix = null == roleName ? null : ": " + roleName;
        reader.forEach((counterId, counterTypeId, keyBuffer, label) ->
        {
            if (counterTypeId == typeId && (null == suffix || label.endsWith(suffix)))
            {
                sum.addAndGet(reader.getCounterValue(counterId));
            }
        });
        return sum.get();
    }

    @Override
    public void close()
    {
        memberMessagesRejected.close();
        epochJumpsRefused.close();
        logonsRejected.close();
        clientIdClaimsRejected.close();
        requestsUnauthorized.close();
        malformedMessagesDropped.close();
        sourceLimitDrops.close();
        unknownMemberMessages.close();
    }

    @FunctionalInterface
    private interface CounterFactory
    {
        AtomicCounter newCounter(int typeId, String label);
    }
}
