package io.hedge.client;

import io.hedge.codecs.fabric.MessageHeaderEncoder;
import io.hedge.codecs.fabric.SessionMessageEncoder;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The SDK delivers each session message once, in order, by (seq, index): what a gateway that took over sends again
 * is dropped, as are messages for other clients on a shared response channel.
 */
class SessionMessagesTest
{
    private final List<String> heard = new ArrayList<>();
    private final SessionMessageListener listener = (seq, index, buffer, offset, length) ->
        heard.add(seq + "/" + index + " " + buffer.getStringWithoutLengthUtf8(offset, length));

    @Test
    void aMessageAtOrBelowTheLastDeliveredIsDropped()
    {
        final SessionMessages messages = new SessionMessages(listener);
        deliver(messages, 5, 0, "a");
        deliver(messages, 5, 1, "b");
        // a new gateway sends the seq again, and then goes on
        deliver(messages, 5, 0, "a");
        deliver(messages, 5, 1, "b");
        deliver(messages, 4, 0, "old");
        deliver(messages, 6, 0, "c");
        deliver(messages, 9, 0, "d");
        assertEquals(List.of("5/0 a", "5/1 b", "6/0 c", "9/0 d"), heard);
        assertEquals(4, messages.delivered());
        assertEquals(3, messages.duplicates());
    }

    @Test
    void theAdapterPassesOnlyThisClientsMessages()
    {
        final SessionHarness harness = new SessionHarness(1);
        final RequestFlow flow = new RequestFlow(harness.listener, harness.failover, SessionHarness.REQUEST_TIMEOUT_NS,
            16, 4096, listener);
        final EgressAdapter adapter = new EgressAdapter(null, SessionHarness.CLIENT_ID, flow, 10);
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);

        adapter.onFragment(buffer, 0, encode(buffer, 0, 3, SessionHarness.CLIENT_ID, 0, "mine"), null);
        adapter.onFragment(buffer, 0, encode(buffer, 0, 4, SessionHarness.CLIENT_ID + 1, 0, "someone else's"), null);
        adapter.onFragment(buffer, 0, encode(buffer, 0, 5, SessionHarness.CLIENT_ID, 0, "also mine"), null);
        assertEquals(List.of("3/0 mine", "5/0 also mine"), heard);
        assertEquals(2, flow.sessionMessages().delivered());
    }

    private static int encode(final ExpandableArrayBuffer buffer, final long epoch, final long seq, final long clientId,
        final int index, final String text)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        final SessionMessageEncoder encoder = new SessionMessageEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .epoch(epoch).seq(seq).clientId(clientId).index(index).putPayload(bytes, 0, bytes.length);
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    private static void deliver(final SessionMessages messages, final long seq, final int index, final String text)
    {
        final DirectBuffer buffer = new UnsafeBuffer(text.getBytes(StandardCharsets.UTF_8));
        messages.onMessage(seq, index, buffer, 0, buffer.capacity());
    }
}
