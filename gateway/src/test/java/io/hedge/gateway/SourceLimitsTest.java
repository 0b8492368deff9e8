package io.hedge.gateway;

import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import io.aeron.logbuffer.Header;
import io.hedge.codecs.fabric.ClientRequestEncoder;
import io.hedge.codecs.fabric.MessageHeaderEncoder;
import io.hedge.transport.InboundCheck;
import io.hedge.transport.SecurityCounters;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 14 (hostile input): a source flooding the ingress is cut to its share while another source's requests go
 * through; what is beyond the share is counted in sourceLimitDrops.
 */
class SourceLimitsTest
{
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void aSourceGetsOneSecondsWorthAtOnceThenItsRate()
    {
        final SourceLimits limits = new SourceLimits(10, 100, 16, null);
        long now = 1_000 * SECOND;
        int connects = 0;
        for (int i = 0; i < 50; i++)
        {
            connects += limits.allowConnect("10.0.0.1:4000", now) ? 1 : 0;
        }
        assertEquals(11, connects, "a burst of one second's worth (and the one that starts it)");
        assertFalse(limits.allowConnect("10.0.0.1:4000", now));
        now += SECOND / 10;
        assertTrue(limits.allowConnect("10.0.0.1:4000", now), "a tenth of a second later: one more");
        assertFalse(limits.allowConnect("10.0.0.1:4000", now));
        assertTrue(limits.allowConnect("10.0.0.2:4000", now), "another source has its own share");
        assertEquals(50 - 11 + 2, limits.dropped());
    }

    @Test
    void noLimitWhenZero()
    {
        final SourceLimits limits = new SourceLimits(0, 0, 16, null);
        for (int i = 0; i < 100_000; i++)
        {
            assertTrue(limits.allowRequest("a", 0) && limits.allowConnect("a", 0));
        }
        assertEquals(0, limits.dropped());
    }

    @Test
    void sourcesBeyondTheTableShareOneEntryAndIdleOnesAreForgotten()
    {
        final SourceLimits limits = new SourceLimits(1, 1, 2, null);
        final long now = 5 * SECOND;
        assertTrue(limits.allowConnect("a", now));
        assertTrue(limits.allowConnect("b", now));
        assertEquals(2, limits.sources());
        assertTrue(limits.allowConnect("c", now), "the shared entry");
        assertTrue(limits.allowConnect("d", now), "its burst");
        assertFalse(limits.allowConnect("e", now), "every source beyond the table shares one budget");
        assertEquals(2, limits.sources());
        limits.allowConnect("a", now + SourceLimits.IDLE_NS + 2 * SECOND);
        assertEquals(1, limits.sources(), "b was idle and is forgotten");
    }

    @Test
    void aFloodingSourceIsCutToItsShareWhileAnotherSourcesRequestsGoThrough()
    {
        final SecurityCounters counters = SecurityCounters.inMemory("gateway 1");
        final long[] accepted = new long[2];
        final long[] malformedAnswered = new long[1];
        final IngressListener listener = new IngressListener()
        {
            public Action onRequest(final long clientId, final int imageSessionId, final long correlationId, final DirectBuffer payload,
                final int offset, final int length)
            {
                accepted[(int)clientId]++;
                return Action.CONTINUE;
            }

            public void onMalformedRequest(final long clientId, final int imageSessionId, final long correlationId)
            {
                malformedAnswered[0]++;
            }

            public void onConnect(final long clientId, final int imageSessionId, final DirectBuffer buffer,
                final int channelOffset, final int channelLength, final int responseStreamId,
                final int credentialsOffset, final int credentialsLength)
            {
            }

            public void onChallengeResponse(final long clientId, final int imageSessionId, final DirectBuffer buffer,
                final int offset, final int length)
            {
            }

            public Action onOutcomeQuery(final long clientId, final int imageSessionId, final long correlationId)
            {
                return Action.CONTINUE;
            }

            public Action onStatusQuery(final long clientId, final int imageSessionId, final long correlationId)
            {
                return Action.CONTINUE;
            }

            public Action onQuery(final long clientId, final int imageSessionId, final long queryId, final long minSeq,
                final DirectBuffer payload, final int offset, final int length)
            {
                return Action.CONTINUE;
            }

            public void onUnreadableIngress()
            {
            }
        };
        final IngressAdapter adapter = new IngressAdapter(null, listener,
            new InboundCheck("test ingress", counters.malformedMessagesDropped()),
            new SourceLimits(100, 1_000, 16, counters.sourceLimitDrops()));
        final UnsafeBuffer flood = new UnsafeBuffer(new byte[64]);
        final UnsafeBuffer polite = new UnsafeBuffer(new byte[64]);
        final int floodLength = request(flood, 0);
        final int politeLength = request(polite, 1);
        final Header flooder = new Header(0, 0);
        flooder.context("10.0.0.66:40000");
        final Header other = new Header(0, 0);
        other.context("10.0.0.7:40001");

        long now = 1_000 * SECOND;
        // for two seconds, the flooder sends 100 times its share; the other source 500 a second
        for (int ms = 0; ms < 2_000; ms++)
        {
            now += TimeUnit.MILLISECONDS.toNanos(1);
            adapter.nowNs(now);
            for (int i = 0; i < 100; i++)
            {
                adapter.onFragment(flood, 0, floodLength, flooder);
            }
            if (ms % 2 == 0)
            {
                adapter.onFragment(polite, 0, politeLength, other);
            }
        }
        assertEquals(1_000, accepted[1], "every request of the polite source went through");
        assertTrue(accepted[0] >= 2_900 && accepted[0] <= 3_002, "the flooder got a second's burst and its rate: " +
            accepted[0]);
        assertEquals(200_000 - accepted[0], counters.sourceLimitDrops().get());
        assertEquals(0, counters.malformedMessagesDropped().get());

        // a request whose payload length runs past the fragment is dropped as malformed, its client told so
        // (REJECTED_MALFORMED); one whose block is short of its version is only dropped
        adapter.onFragment(polite, 0, politeLength - 1, other);
        assertEquals(1, malformedAnswered[0]);
        polite.putShort(0, (short)1, java.nio.ByteOrder.LITTLE_ENDIAN); // block length short of its version
        adapter.onFragment(polite, 0, politeLength, other);
        assertEquals(2, counters.malformedMessagesDropped().get());
        assertEquals(1, malformedAnswered[0]);
        assertEquals(1_000, accepted[1]);
    }

    private static int request(final UnsafeBuffer buffer, final long clientId)
    {
        final ClientRequestEncoder encoder = new ClientRequestEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder()).clientId(clientId).correlationId(1);
        encoder.putPayload(new byte[]{1, 2}, 0, 2);
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }
}
