package io.hedge.transport;

import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SecurityCountersTest
{
    private final CountersManager manager = new CountersManager(
        new UnsafeBuffer(ByteBuffer.allocateDirect(32 * CountersReader.METADATA_LENGTH)),
        new UnsafeBuffer(ByteBuffer.allocateDirect(32 * CountersReader.COUNTER_LENGTH)));

    @Test
    void aReaderSeesEachRolesCountByTypeAndLabel()
    {
        try (SecurityCounters gateway = SecurityCounters.over(manager, "gateway-1");
            SecurityCounters replica = SecurityCounters.over(manager, "replica-1"))
        {
            gateway.memberMessagesRejected().increment();
            gateway.memberMessagesRejected().increment();
            replica.memberMessagesRejected().increment();
            replica.logonsRejected().increment();

            assertEquals(2, SecurityCounters.read(
                manager, SecurityCounters.MEMBER_MESSAGES_REJECTED_TYPE_ID, "gateway-1"));
            assertEquals(1, SecurityCounters.read(
                manager, SecurityCounters.MEMBER_MESSAGES_REJECTED_TYPE_ID, "replica-1"));
            assertEquals(3, SecurityCounters.read(manager, SecurityCounters.MEMBER_MESSAGES_REJECTED_TYPE_ID, null));
            assertEquals(0, SecurityCounters.read(manager, SecurityCounters.LOGONS_REJECTED_TYPE_ID, "gateway-1"));
            assertEquals(0, SecurityCounters.read(
                manager, SecurityCounters.MEMBER_MESSAGES_REJECTED_TYPE_ID, "gateway-10"));
        }
    }

    @Test
    void closedCountersAreNoLongerRead()
    {
        final SecurityCounters counters = SecurityCounters.over(manager, "gateway-2");
        counters.sourceLimitDrops().increment();
        assertEquals(1, SecurityCounters.read(manager, SecurityCounters.SOURCE_LIMIT_DROPS_TYPE_ID, "gateway-2"));
        counters.close();
        assertEquals(0, SecurityCounters.read(manager, SecurityCounters.SOURCE_LIMIT_DROPS_TYPE_ID, "gateway-2"));
    }
}
