package io.hedge.client;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InFlightRequestsTest
{
    private static long add(final InFlightRequests requests, final int length, final byte fill)
    {
        final long position = requests.reserve(length);
        assertTrue(position >= 0, "room for " + length + " bytes");
        final UnsafeBuffer bytes = requests.bytes();
        bytes.setMemory(requests.index(position), length, fill);
        final long id = requests.nextId();
        requests.commit(position, length, Long.MAX_VALUE, true, 0);
        return id;
    }

    private static void assertBytes(final InFlightRequests requests, final long id, final byte fill)
    {
        final int index = requests.index(requests.position(id));
        for (int i = 0; i < requests.length(id); i++)
        {
            assertEquals(fill, requests.bytes().getByte(index + i), "byte " + i + " of request " + id);
        }
    }

    @Test
    void payloadsWrapAroundAndSpaceComesBackWhenTheOldestCompletes()
    {
        final InFlightRequests requests = new InFlightRequests(8, 100);
        final long first = add(requests, 40, (byte)1);
        final long second = add(requests, 40, (byte)2);
        assertEquals(-1, requests.reserve(40), "40 more bytes do not fit: 20 at the end, and a payload is never split");
        assertTrue(requests.reserve(20) >= 0, "20 do");

        assertTrue(requests.remove(second));
        assertEquals(-1, requests.reserve(40), "the oldest still holds the start of the ring");
        assertTrue(requests.remove(first));
        assertEquals(0, requests.count());

        final long third = add(requests, 60, (byte)3);
        final long fourth = add(requests, 30, (byte)4);
        assertTrue(requests.remove(third));
        final long fifth = add(requests, 50, (byte)5); // wraps to the start, behind the fourth
        assertEquals(0, requests.index(requests.position(fifth)));
        assertBytes(requests, fourth, (byte)4);
        assertBytes(requests, fifth, (byte)5);
        assertEquals(fourth, requests.oldestId());
    }

    @Test
    void aRequestCompletedOutOfOrderKeepsTheOldestsBytes()
    {
        final InFlightRequests requests = new InFlightRequests(4, 100);
        final long a = add(requests, 30, (byte)1);
        final long b = add(requests, 30, (byte)2);
        final long c = add(requests, 30, (byte)3);
        assertTrue(requests.remove(b));
        assertFalse(requests.remove(b), "only once");
        assertEquals(a, requests.oldestId());
        assertEquals(-1, requests.reserve(30), "b's bytes come back only when a completes");
        assertTrue(requests.remove(a));
        assertEquals(c, requests.oldestId());
        add(requests, 30, (byte)4);
        assertBytes(requests, c, (byte)3);
    }

    @Test
    void slotsRunOutAtMaxInFlight()
    {
        final InFlightRequests requests = new InFlightRequests(2, 1024);
        requests.startAt(7);
        final long a = add(requests, 1, (byte)1);
        add(requests, 1, (byte)1);
        assertEquals(7, a);
        assertTrue(requests.isFull());
        requests.remove(a);
        assertFalse(requests.isFull());
        assertFalse(requests.contains(a));
        assertFalse(requests.contains(0));
    }
}
