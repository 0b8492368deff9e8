package io.hedge.gateway;

import io.aeron.Publication;
import io.hedge.codecs.FabricMessages;
import io.hedge.codecs.fabric.MessageHeaderDecoder;
import io.hedge.codecs.fabric.MessageHeaderEncoder;
import io.hedge.codecs.fabric.ReplicaResponseDecoder;
import io.hedge.codecs.fabric.SessionMessageEncoder;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;

import java.nio.ByteOrder;

/**
 * Sends the session messages of a released seq: each entry of the agreed ReplicaResponse's {@code messages} field
 * ({@code [int64 LE clientId][int32 LE length][bytes]}, written by the state machine) goes as a SessionMessage to the
 * session of its client id if that session is established here, and to the drop-copy stream when one is configured.
 * A session that is not connected misses its message: nothing is queued. Like responses, a message a slow client's
 * publication refuses a bounded number of times is counted as dropped, never waited for.
 *
 * <p>Each message carries its index among the messages of the seq addressed to the same client, from 0, so that the
 * SDK can drop a copy a later gateway sends again after a takeover. Nothing is allocated per message.
 */
final class SessionMessageSender
{
    /** Bytes of an entry's header: client id and length. */
    static final int ENTRY_HEADER_LENGTH = Long.BYTES + Integer.BYTES;
    private static final int MAX_ATTEMPTS = 16;

    private final ClientSessions sessions;
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final ReplicaResponseDecoder responseDecoder = new ReplicaResponseDecoder();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final SessionMessageEncoder encoder = new SessionMessageEncoder();
    private final ExpandableDirectByteBuffer buffer = new ExpandableDirectByteBuffer(4096);
    private StreamOffer dropCopy;
    private long epoch;
    private long delivered;
    private long notConnected;
    private long dropped;
    private long dropCopyPublished;
    private long dropCopyDropped;
    private long malformed;

    SessionMessageSender(final ClientSessions sessions)
    {
        this.sessions = sessions;
    }

    /**
     * @param dropCopy the drop-copy stream, or null for none.
     */
    void dropCopy(final StreamOffer dropCopy)
    {
        this.dropCopy = dropCopy;
    }

    /**
     * @param epoch stamped on every message from here on.
     */
    void epoch(final long epoch)
    {
        this.epoch = epoch;
    }

    /**
     * Send the session messages a ReplicaResponse carries, if any.
     *
     * @param seq     the seq released.
     * @param message holding the whole ReplicaResponse message, header included.
     * @param offset  where it starts.
     * @param length  its length.
     */
    void send(final long seq, final DirectBuffer message, final int offset, final int length)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return;
        }
        headerDecoder.wrap(message, offset);
        final int version = headerDecoder.version();
        if (version < 3 || headerDecoder.templateId() != ReplicaResponseDecoder.TEMPLATE_ID)
        {
            return;
        }
        final int end = offset + length;
        responseDecoder.wrap(message, offset + MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(), version);
        // var fields are read in order: payload and effects come before the messages
        final int payloadLength = FabricMessages.varFieldLength(message, responseDecoder.limit(), end);
        if (payloadLength < 0)
        {
            return;
        }
        final int effectsField = responseDecoder.limit() + Integer.BYTES + payloadLength;
        final int effectsLength = FabricMessages.varFieldLength(message, effectsField, end);
        if (effectsLength < 0)
        {
            return;
        }
        final int messagesField = effectsField + Integer.BYTES + effectsLength;
        final int messagesLength = FabricMessages.varFieldLength(message, messagesField, end);
        if (messagesLength <= 0)
        {
            return;
        }
        final int first = messagesField + Integer.BYTES;
        sendEntries(seq, message, first, first + messagesLength);
    }

    private void sendEntries(final long seq, final DirectBuffer message, final int first, final int end)
    {
        int position = first;
        while (position < end)
        {
            if (position + ENTRY_HEADER_LENGTH > end)
            {
                malformed++;
                return;
            }
            final long clientId = message.getLong(position, ByteOrder.LITTLE_ENDIAN);
            final int entryLength = message.getInt(position + Long.BYTES, ByteOrder.LITTLE_ENDIAN);
            final int bytesOffset = position + ENTRY_HEADER_LENGTH;
            if (entryLength < 0 || bytesOffset + entryLength > end)
            {
                malformed++;
                return;
            }
            final int index = indexOf(message, first, position, clientId);
            encoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
                .epoch(epoch)
                .seq(seq)
                .clientId(clientId)
                .index(index)
                .putPayload(message, bytesOffset, entryLength);
            final int encodedLength = MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
            final ClientSession session = sessions.established(clientId);
            if (null == session)
            {
                notConnected++;
            }
            else if (offer(session.publication, encodedLength))
            {
                delivered++;
            }
            else
            {
                dropped++;
            }
            if (null != dropCopy)
            {
                if (offerDropCopy(encodedLength))
                {
                    dropCopyPublished++;
                }
                else
                {
                    dropCopyDropped++;
                }
            }
            position = bytesOffset + entryLength;
        }
    }

    /**
     * @return how many entries before the one at {@code position} are addressed to the same client: a few per seq, so
     * a scan is cheaper than any table.
     */
    private static int indexOf(final DirectBuffer message, final int first, final int position, final long clientId)
    {
        int index = 0;
        int p = first;
        while (p < position)
        {
            if (message.getLong(p, ByteOrder.LITTLE_ENDIAN) == clientId)
            {
                index++;
            }
            p += ENTRY_HEADER_LENGTH + message.getInt(p + Long.BYTES, ByteOrder.LITTLE_ENDIAN);
        }
        return index;
    }

    private boolean offer(final ClientPublication publication, final int length)
    {
        for (int i = 0; i < MAX_ATTEMPTS; i++)
        {
            final long result = publication.offer(buffer, 0, length);
            if (result > 0)
            {
                return true;
            }
            if (result == Publication.NOT_CONNECTED || result == Publication.CLOSED ||
                result == Publication.MAX_POSITION_EXCEEDED)
            {
                return false;
            }
            Thread.onSpinWait();
        }
        return false;
    }

    private boolean offerDropCopy(final int length)
    {
        for (int i = 0; i < MAX_ATTEMPTS; i++)
        {
            final long result = dropCopy.offer(buffer, 0, length);
            if (result > 0)
            {
                return true;
            }
            if (result == Publication.NOT_CONNECTED || result == Publication.CLOSED ||
                result == Publication.MAX_POSITION_EXCEEDED)
            {
                return false;
            }
            Thread.onSpinWait();
        }
        return false;
    }

    /** @return messages offered to their session and taken. */
    long delivered()
    {
        return delivered;
    }

    /** @return messages whose session was not connected to this gateway: missed. */
    long notConnected()
    {
        return notConnected;
    }

    /** @return messages a connected session's publication refused: missed. */
    long dropped()
    {
        return dropped;
    }

    long dropCopyPublished()
    {
        return dropCopyPublished;
    }

    /** @return messages the drop-copy stream refused (no subscriber, or back pressure past the bounded retries). */
    long dropCopyDropped()
    {
        return dropCopyDropped;
    }

    /** @return message fields whose entries ran past their end; what came before was sent. */
    long malformed()
    {
        return malformed;
    }
}
