package io.hedge.sequencer;

import io.aeron.Publication;
import io.hedge.codecs.fabric.MessageHeaderDecoder;
import io.hedge.codecs.fabric.SequencedDecoder;
import io.hedge.journal.JournalReader;
import io.hedge.journal.SequencedJournal;
import org.agrona.DirectBuffer;
import org.agrona.IoUtil;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SequencerTest
{
    private static final long EPOCH = 4;

    private Path dir;
    private SequencedJournal journal;
    private final RecordingSink sink = new RecordingSink();
    private final DuplicateTable duplicates = new DuplicateTable(64);
    private long clockNs = 1_000_000_000L;
    private final EpochNanoClock clock = () -> clockNs;

    @BeforeEach
    void open(final TestInfo info)
    {
        final Path base = Paths.get(System.getProperty("hedge.test.dir", "target/test-work"));
        final String name = info.getTestMethod().map(m -> m.getName()).orElse("test");
        dir = base.resolve("sequencer-" + name + "-" + System.nanoTime());
        journal = SequencedJournal.open(dir);
    }

    @AfterEach
    void closeAndDelete()
    {
        try
        {
            if (null != journal)
            {
                journal.close();
            }
        }
        finally
        {
            IoUtil.delete(dir.toFile(), true);
        }
    }

    // --------------------------------------------------------------------------------------------------- tests

    @Test
    void seqsAreContiguousFromOne()
    {
        final Sequencer sequencer = new Sequencer(EPOCH, journal, sink, clock, duplicates);
        assertEquals(0, sequencer.lastSeq());
        assertEquals(EPOCH, sequencer.epoch());
        for (int i = 1; i <= 20; i++)
        {
            assertEquals(i, sequencer.sequence(1, 0, i, payload("p" + i), 0, ("p" + i).length()));
            assertEquals(i, sequencer.lastSeq());
            assertFalse(sequencer.hasPending());
        }
        assertEquals(20, journal.lastSeq());
        assertEquals(1, journal.firstSeq());
        assertEquals(20, sink.messages.size());
        for (int i = 0; i < 20; i++)
        {
            assertEquals(i + 1, sink.messages.get(i).seq);
        }
        assertEquals(0, sequencer.backPressureEvents());
    }

    @Test
    void fieldsArePublishedAndJournaledIdentically()
    {
        final Sequencer sequencer = new Sequencer(EPOCH, journal, sink, clock, duplicates);
        final byte[][] payloads = {
            "first order".getBytes(StandardCharsets.UTF_8),
            new byte[0],
            bytes(5000), // larger than the sequencer's initial buffer
        };
        final long[] clients = {11, 12, 11};
        final long[] correlations = {1, 77, 2};
        final long[] times = {5_000L, 6_000L, 7_500L};

        for (int i = 0; i < payloads.length; i++)
        {
            clockNs = times[i];
            // put the payload at an offset inside a larger buffer to check offset/length are honoured
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[payloads[i].length + 10]);
            buffer.setMemory(0, buffer.capacity(), (byte)0x5A);
            buffer.putBytes(3, payloads[i]);
            sequencer.sequence(clients[i], 0, correlations[i], buffer, 3, payloads[i].length);
        }

        final List<Message> journaled = readJournal(journal);
        assertEquals(payloads.length, sink.messages.size());
        assertEquals(payloads.length, journaled.size());
        for (int i = 0; i < payloads.length; i++)
        {
            final Message published = sink.messages.get(i);
            assertEquals(EPOCH, published.epoch);
            assertEquals(i + 1, published.seq);
            assertEquals(times[i], published.timestampNs);
            assertEquals(clients[i], published.clientId);
            assertEquals(correlations[i], published.correlationId);
            assertArrayEquals(payloads[i], published.payload);

            final Message fromJournal = journaled.get(i);
            assertEquals(published, fromJournal);
            assertArrayEquals(published.raw, fromJournal.raw, "published and journaled bytes differ at seq " + (i + 1));
        }
    }

    @Test
    void backPressureKeepsMessagePendingUntilPublishedExactlyOnce()
    {
        final Sequencer sequencer = new Sequencer(EPOCH, journal, sink, clock, duplicates);
        sequencer.sequence(1, 0, 1, payload("before"), 0, 6);
        assertEquals(1, sink.messages.size());

        sink.backPressureNext(3);
        clockNs = 42;
        final long seq = sequencer.sequence(1, 0, 2, payload("pushed back"), 0, 11);
        assertEquals(2, seq);
        assertTrue(sequencer.hasPending());
        assertEquals(1, sink.messages.size(), "nothing published while back pressured");
        assertEquals(2, journal.lastSeq(), "journaled before publication");
        assertEquals(1, sequencer.backPressureEvents());
        assertEquals(2, duplicates.check(1, 2));

        final IllegalStateException ex = assertThrows(
            IllegalStateException.class, () -> sequencer.sequence(1, 0, 3, payload("x"), 0, 1));
        assertTrue(ex.getMessage().contains("2"), ex.getMessage());
        assertEquals(2, sequencer.lastSeq(), "rejected request did not take a seq");
        assertEquals(2, journal.lastSeq(), "rejected request was not journaled");
        assertEquals(DuplicateTable.NEW, duplicates.check(1, 3));

        int attempts = 0;
        while (!sequencer.publishPending())
        {
            attempts++;
            assertTrue(attempts < 100, "publishPending never succeeded");
        }
        assertEquals(2, attempts, "two more pushed-back offers before success");
        assertEquals(3, sequencer.backPressureEvents());
        assertFalse(sequencer.hasPending());
        assertTrue(sequencer.publishPending(), "nothing pending is success");
        assertEquals(2, sink.messages.size(), "published exactly once");
        assertEquals(5, sink.offers, "seq 1 accepted, seq 2 refused 3 times then accepted; no offer when nothing pending");

        final Message published = sink.messages.get(1);
        assertEquals(2, published.seq);
        assertEquals(42, published.timestampNs);
        assertArrayEquals("pushed back".getBytes(StandardCharsets.UTF_8), published.payload);

        final List<Message> journaled = readJournal(journal);
        assertEquals(2, journaled.size(), "journaled once");
        assertArrayEquals(journaled.get(1).raw, published.raw);

        // and sequencing continues
        assertEquals(3, sequencer.sequence(1, 0, 3, payload("after"), 0, 5));
        assertEquals(3, sink.messages.size());
        assertEquals(3, sink.messages.get(2).seq);
    }

    @Test
    void otherRetryableResultsAreRetriedAndClosedIsAnError()
    {
        final Sequencer sequencer = new Sequencer(EPOCH, journal, sink, clock, duplicates);
        sink.results.add(Publication.NOT_CONNECTED);
        sink.results.add(Publication.ADMIN_ACTION);
        sequencer.sequence(1, 0, 1, payload("a"), 0, 1);
        assertTrue(sequencer.hasPending());
        assertFalse(sequencer.publishPending());
        assertTrue(sequencer.publishPending());
        assertEquals(1, sink.messages.size());

        sink.results.add(Publication.CLOSED);
        assertThrows(IllegalStateException.class, () -> sequencer.sequence(1, 0, 2, payload("b"), 0, 1));
        assertEquals(2, journal.lastSeq(), "journaled before the failed publication");
        assertTrue(sequencer.hasPending(), "message still pending after the failure");
    }

    @Test
    void newSequencerOverReopenedJournalContinues()
    {
        final Sequencer first = new Sequencer(EPOCH, journal, sink, clock, duplicates);
        for (int i = 1; i <= 5; i++)
        {
            first.sequence(3, 0, i, payload("r" + i), 0, 2);
        }
        journal.close();
        journal = SequencedJournal.open(dir);
        assertEquals(5, journal.lastSeq());

        final RecordingSink secondSink = new RecordingSink();
        final Sequencer second = new Sequencer(EPOCH + 1, journal, secondSink, clock, new DuplicateTable(8));
        assertEquals(5, second.lastSeq());
        assertEquals(6, second.sequence(3, 0, 6, payload("r6"), 0, 2));
        assertEquals(7, second.sequence(3, 0, 7, payload("r7"), 0, 2));
        assertEquals(7, journal.lastSeq());

        final List<Message> journaled = readJournal(journal);
        assertEquals(7, journaled.size());
        for (int i = 0; i < 7; i++)
        {
            assertEquals(i + 1, journaled.get(i).seq);
            assertEquals(i < 5 ? EPOCH : EPOCH + 1, journaled.get(i).epoch);
        }
        assertEquals(2, secondSink.messages.size());
        assertEquals(6, secondSink.messages.get(0).seq);
        assertEquals(EPOCH + 1, secondSink.messages.get(0).epoch);
    }

    @Test
    void duplicateTableLearnsEverySequencedRequest()
    {
        final Sequencer sequencer = new Sequencer(EPOCH, journal, sink, clock, duplicates);
        final long[][] requests = {{10, 1}, {20, 1}, {10, 2}, {30, 5}, {20, 2}};
        for (int i = 0; i < requests.length; i++)
        {
            assertEquals(DuplicateTable.NEW, duplicates.check(requests[i][0], requests[i][1]));
            final long seq = sequencer.sequence(requests[i][0], 0, requests[i][1], payload("x"), 0, 1);
            assertEquals(i + 1, seq);
        }
        for (int i = 0; i < requests.length; i++)
        {
            assertEquals(i + 1, duplicates.check(requests[i][0], requests[i][1]));
        }
        assertEquals(3, duplicates.clientCount());
        assertEquals(2, duplicates.highestCorrelationId(10));
        assertEquals(5, duplicates.highestCorrelationId(30));
    }

    // ------------------------------------------------------------------------------------------------- helpers

    private static UnsafeBuffer payload(final String text)
    {
        return new UnsafeBuffer(text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] bytes(final int length)
    {
        final byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)(i * 31 + 7);
        }
        return bytes;
    }

    private static List<Message> readJournal(final SequencedJournal journal)
    {
        final List<Message> messages = new ArrayList<>();
        try (JournalReader reader = journal.reader())
        {
            while (reader.readNext((buffer, offset, length) -> messages.add(Message.decode(buffer, offset, length))))
            {
                assertTrue(messages.size() < 10_000);
            }
        }
        return messages;
    }

    static final class Message
    {
        final long epoch;
        final long seq;
        final long timestampNs;
        final long clientId;
        final long correlationId;
        final byte[] payload;
        final byte[] raw;

        private Message(
            final long epoch, final long seq, final long timestampNs, final long clientId, final long correlationId,
            final byte[] payload, final byte[] raw)
        {
            this.epoch = epoch;
            this.seq = seq;
            this.timestampNs = timestampNs;
            this.clientId = clientId;
            this.correlationId = correlationId;
            this.payload = payload;
            this.raw = raw;
        }

        static Message decode(final DirectBuffer buffer, final int offset, final int length)
        {
            final MessageHeaderDecoder header = new MessageHeaderDecoder();
            final SequencedDecoder decoder = new SequencedDecoder();
            header.wrap(buffer, offset);
            assertEquals(SequencedDecoder.TEMPLATE_ID, header.templateId());
            assertEquals(SequencedDecoder.SCHEMA_ID, header.schemaId());
            decoder.wrapAndApplyHeader(buffer, offset, header);
            final long epoch = decoder.epoch();
            final long seq = decoder.seq();
            final long timestampNs = decoder.timestampNs();
            final long clientId = decoder.clientId();
            final long correlationId = decoder.correlationId();
            final byte[] payload = new byte[decoder.payloadLength()];
            decoder.getPayload(payload, 0, payload.length);
            assertEquals(length, MessageHeaderDecoder.ENCODED_LENGTH + decoder.encodedLength(),
                "offered length is exactly the encoded message");
            final byte[] raw = new byte[length];
            buffer.getBytes(offset, raw);
            return new Message(epoch, seq, timestampNs, clientId, correlationId, payload, raw);
        }

        @Override
        public boolean equals(final Object o)
        {
            if (!(o instanceof Message))
            {
                return false;
            }
            final Message m = (Message)o;
            return epoch == m.epoch && seq == m.seq && timestampNs == m.timestampNs && clientId == m.clientId &&
                correlationId == m.correlationId && Arrays.equals(payload, m.payload) && Arrays.equals(raw, m.raw);
        }

        @Override
        public int hashCode()
        {
            return Long.hashCode(seq);
        }

        @Override
        public String toString()
        {
            return "Message{epoch=" + epoch + ", seq=" + seq + ", ts=" + timestampNs + ", client=" + clientId +
                ", corr=" + correlationId + ", payload=" + payload.length + "B}";
        }
    }

    /** Records accepted offers; refuses with BACK_PRESSURED when told to, or with queued results. */
    static final class RecordingSink implements SequencedSink
    {
        final List<Message> messages = new ArrayList<>();
        final List<Long> results = new ArrayList<>();
        int backPressuredOffers;
        int offers;
        long position;

        void backPressureNext(final int count)
        {
            backPressuredOffers = count;
        }

        @Override
        public long offer(final DirectBuffer buffer, final int offset, final int length)
        {
            offers++;
            if (backPressuredOffers > 0)
            {
                backPressuredOffers--;
                return Publication.BACK_PRESSURED;
            }
            if (!results.isEmpty())
            {
                return results.remove(0);
            }
            messages.add(Message.decode(buffer, offset, length));
            position += length;
            return position;
        }
    }
}
