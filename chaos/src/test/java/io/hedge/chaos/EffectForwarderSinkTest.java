package io.hedge.chaos;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.hedge.codecs.fabric.ExternalEffectEncoder;
import io.hedge.codecs.fabric.MessageHeaderDecoder;
import io.hedge.codecs.fabric.MessageHeaderEncoder;
import io.hedge.codecs.fabric.SinkPositionDecoder;
import io.hedge.gateway.EffectForwarder;
import io.hedge.transport.Ports;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.IoUtil;
import org.agrona.collections.LongArrayList;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * EffectForwarder and EffectSink together over a real embedded media driver and loopback UDP: the handshake, queueing
 * until the sink answers, back pressure, a takeover by a gateway of a higher epoch in mid-stream, and fencing of the
 * superseded one. Everything runs on the test thread, one duty cycle of each party at a time.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EffectForwarderSinkTest
{
    private static final int SINK_STREAM = 30;
    private static final int REPLY_STREAM = 40;
    private static final long WAIT_NS = TimeUnit.SECONDS.toNanos(15);
    private static final int GATEWAYS = 3;

    private Path dir;
    private MediaDriver driver;
    private Aeron aeron;
    private EffectSink sink;
    private String sinkChannel;
    private final List<String> gatewayChannels = new ArrayList<>();
    private final List<GatewayStub> gateways = new ArrayList<>();
    /** What the sink accepted, in order, as {@link #id}. */
    private final LongArrayList received = new LongArrayList();
    private boolean pollSink = true;
    private boolean recordAtSink = true;
    private long countedAtSink;
    private final UnsafeBuffer feedBuffer = new UnsafeBuffer(new byte[1024]);
    private int corruptPayloads;

    @BeforeEach
    void start(final TestInfo info)
    {
        final Path base = Paths.get(System.getProperty("hedge.test.dir", "target/test-work"));
        dir = base.resolve("effects-" + info.getTestMethod().map(m -> m.getName()).orElse("test") + "-" +
            System.nanoTime()).toAbsolutePath();
        try
        {
            driver = MediaDriver.launch(new MediaDriver.Context()
                .aeronDirectoryName(dir.resolve("aeron").toString())
                .threadingMode(ThreadingMode.SHARED)
                .publicationTermBufferLength(64 * 1024)
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true));
            aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
            sinkChannel = "aeron:udp?endpoint=localhost:" + Ports.freeUdpPort();
            for (int g = 1; g <= GATEWAYS; g++)
            {
                gatewayChannels.add("aeron:udp?endpoint=localhost:" + Ports.freeUdpPort());
            }
            sink = new EffectSink(aeron, sinkChannel, SINK_STREAM, gatewayChannels, REPLY_STREAM, this::onSinkEffect);
        }
        catch (final RuntimeException ex)
        {
            stop();
            throw ex;
        }
    }

    @AfterEach
    void stop()
    {
        for (final GatewayStub gateway : gateways)
        {
            CloseHelper.quietCloseAll(gateway.publication, gateway.inbound);
        }
        if (null != sink)
        {
            try
            {
                sink.onClose();
            }
            catch (final RuntimeException ignore)
            {
                // closing anyway
            }
        }
        CloseHelper.quietCloseAll(aeron, driver);
        if (null != dir)
        {
            IoUtil.delete(dir.toFile(), true);
        }
    }

    @Test
    void effectsWaitForTheHandshakeThenReachTheSinkOnceInOrder()
    {
        final GatewayStub g1 = gateway(1);
        // effects given before the gateway is active, and before the sink answers, are queued
        feed(g1, 1, 50);
        g1.forwarder.beginEpoch(1, System.nanoTime());
        feed(g1, 51, 100);
        assertFalse(g1.forwarder.synced());
        assertTrue(g1.forwarder.queuedBytes() > 0);

        pumpUntil(() -> g1.forwarder.synced(), "gateway 1 hears the sink's position");
        assertEquals(1, sink.epoch());
        feed(g1, 101, 300);
        final long expected = effectsOf(1, 300);
        pumpUntil(() -> sink.accepted() == expected, "every effect reaches the sink");

        assertReceivedExactly(1, 300);
        assertEquals(expected, g1.forwarder.effectsForwarded());
        assertEquals(0, g1.forwarder.effectsSkippedAsAlreadyAtSink());
        assertEquals(0, g1.forwarder.queuedBytes());
        assertEquals(0, sink.duplicates());
        assertEquals(0, sink.staleEffects());
        assertEquals(0, corruptPayloads);
        // seq 300 has no effects; 299 has three
        assertEquals(299, sink.lastSeq());
        assertEquals(2, sink.lastIndex());
    }

    @Test
    void aSinkResumedFromItsLogIsSentOnlyWhatComesAfter()
    {
        // a restarted sink that kept its position (hedge sink --effects) answers the hello with it
        sink.resumeFrom(98, 1);
        final GatewayStub g1 = gateway(1);
        g1.forwarder.beginEpoch(1, System.nanoTime());
        feed(g1, 1, 200);
        pumpUntil(() -> g1.forwarder.synced(), "gateway 1 hears the resumed sink's position");
        // seq 98 has three effects: the sink holds 0 and 1, so (98, 2) comes next
        final long expected = 1 + effectsOf(99, 200);
        pumpUntil(() -> sink.accepted() == expected, "the effects after (seq 98, index 1) reach the sink");
        assertEquals(effectsOf(1, 97) + 2, g1.forwarder.effectsSkippedAsAlreadyAtSink());
        assertEquals(0, sink.duplicates());
        assertEquals(id(98, 2), received.getLong(0));
        assertEquals(expected, received.size());
    }

    @Test
    void helloIsRepeatedUntilTheSinkAnswers()
    {
        final GatewayStub g1 = gateway(1);
        pollSink = false;
        g1.forwarder.beginEpoch(1, System.nanoTime());
        feed(g1, 1, 20);
        final long endNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(450);
        pumpUntil(() -> System.nanoTime() - endNs >= 0, "time passes");
        assertFalse(g1.forwarder.synced());
        assertTrue(g1.forwarder.helloes() >= 3, "hellos every 100 ms: " + g1.forwarder.helloes());
        assertTrue(g1.forwarder.helloes() <= 6, "hellos every 100 ms: " + g1.forwarder.helloes());
        assertEquals(0, sink.accepted());

        pollSink = true;
        final long expected = effectsOf(1, 20);
        pumpUntil(() -> sink.accepted() == expected, "the queued effects reach the sink");
        assertReceivedExactly(1, 20);
        assertEquals(0, sink.duplicates());
    }

    @Test
    void backPressureDelaysButNeverDropsNorRepeats()
    {
        final GatewayStub g1 = gateway(1);
        g1.forwarder.beginEpoch(1, System.nanoTime());
        pumpUntil(() -> g1.forwarder.synced(), "handshake");

        // the sink stops reading: the publication's window fills and the forwarder must hold on to the rest
        pollSink = false;
        final long last = 6_000;
        feed(g1, 1, last);
        final long endNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
        pumpUntil(() -> System.nanoTime() - endNs >= 0, "the forwarder keeps trying");
        assertTrue(g1.forwarder.queuedBytes() > 0, "some effects wait for the sink");
        assertTrue(g1.forwarder.effectsForwarded() < effectsOf(1, last), "back pressure held some back");

        pollSink = true;
        final long expected = effectsOf(1, last);
        pumpUntil(() -> sink.accepted() == expected, "everything arrives once the sink reads again");
        assertReceivedExactly(1, last);
        assertEquals(expected, g1.forwarder.effectsForwarded());
        assertEquals(0, sink.duplicates());
        assertEquals(0, corruptPayloads);
    }

    @Test
    void aGatewayOfAHigherEpochTakesOverMidStreamWithoutDuplicatesOrGaps()
    {
        final GatewayStub g1 = gateway(1);
        final GatewayStub g2 = gateway(2);
        g1.forwarder.beginEpoch(1, System.nanoTime());
        feed(g1, 1, 400);
        pumpUntil(() -> sink.lastSeq() >= 150, "gateway 1 forwards a while");

        // gateway 1 still has effects to send; gateway 2 takes over with the responses of seqs from well before the
        // sink's position (as a new gateway does, from a replica's response log), and then the live ones
        final long overlapFrom = 100;
        g2.forwarder.beginEpoch(2, System.nanoTime());
        feed(g2, overlapFrom, 500);
        pumpUntil(() -> g2.forwarder.synced(), "gateway 2 hears the sink's position");
        assertEquals(2, sink.epoch());
        feed(g2, 501, 700);

        // gateway 1 does not know yet, and goes on forwarding what it has, and more
        feed(g1, 401, 450);
        final long expected = effectsOf(1, 700);
        pumpUntil(() -> sink.accepted() == expected && 0 == g1.forwarder.queuedBytes(),
            "every effect reaches the sink, and gateway 1 has sent all it had");

        assertReceivedExactly(1, 700);
        assertEquals(0, sink.duplicates(), "no effect twice");
        assertTrue(g2.forwarder.effectsSkippedAsAlreadyAtSink() >= effectsOf(overlapFrom, 150),
            "gateway 2 skipped what gateway 1 had delivered: " + g2.forwarder.effectsSkippedAsAlreadyAtSink());
        assertTrue(sink.staleEffects() > 0, "gateway 1's effects after the takeover were dropped");
        assertEquals(expected, g2.forwarder.effectsForwarded() + g1.forwarder.effectsForwarded() - sink.staleEffects());
        assertEquals(0, corruptPayloads);
    }

    @Test
    void aSupersededGatewayIsFencedEvenWhenItSaysHelloAgain()
    {
        final GatewayStub g1 = gateway(1);
        final GatewayStub g3 = gateway(3);
        g1.forwarder.beginEpoch(4, System.nanoTime());
        feed(g1, 1, 100);
        pumpUntil(() -> sink.accepted() == effectsOf(1, 100), "gateway 1 forwards in epoch 4");

        g3.forwarder.beginEpoch(5, System.nanoTime());
        pumpUntil(() -> g3.forwarder.synced(), "gateway 3 takes over in epoch 5");
        final long staleBefore = sink.staleEffects();
        feed(g1, 101, 200);
        pumpUntil(() -> 0 == g1.forwarder.queuedBytes(), "gateway 1 sends its stale effects");
        pumpUntil(() -> sink.staleEffects() - staleBefore == effectsOf(101, 200), "the sink drops them all");
        assertEquals(effectsOf(1, 100), sink.accepted());
        assertEquals(99, sink.lastSeq(), "seq 100 has no effects");

        // a lower epoch's hello is not answered: the superseded gateway never learns a position, so sends nothing
        g1.forwarder.beginEpoch(4, System.nanoTime());
        final long forwardedBefore = g1.forwarder.effectsForwarded();
        feed(g1, 201, 220);
        final long endNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(400);
        pumpUntil(() -> System.nanoTime() - endNs >= 0, "gateway 1 keeps saying hello");
        assertFalse(g1.forwarder.synced());
        assertEquals(forwardedBefore, g1.forwarder.effectsForwarded());

        // the new gateway goes on from where the sink is
        feed(g3, 101, 220);
        pumpUntil(() -> sink.accepted() == effectsOf(1, 220), "gateway 3 forwards from the sink's position");
        assertReceivedExactly(1, 220);
        assertEquals(0, sink.duplicates());
        assertEquals(5, sink.epoch());
    }

    @Test
    void effectsGivenTwiceAreSentOnceAndAResentEffectIsCountedAsADuplicate()
    {
        final GatewayStub g1 = gateway(1);
        g1.forwarder.beginEpoch(1, System.nanoTime());
        pumpUntil(() -> g1.forwarder.synced(), "handshake");
        feed(g1, 1, 30);
        feed(g1, 20, 40);
        pumpUntil(() -> sink.accepted() == effectsOf(1, 40), "effects arrive");
        assertEquals(effectsOf(20, 30), g1.forwarder.effectsSkippedAsAlreadyAtSink());
        assertReceivedExactly(1, 40);
        assertEquals(0, sink.duplicates());

        // something that sends an effect the sink already holds, in the current epoch: the sink notices
        final ExclusivePublication raw = aeron.addExclusivePublication(sinkChannel, SINK_STREAM);
        try
        {
            pumpUntil(raw::isConnected, "raw publication connects");
            final ExpandableArrayBuffer message = new ExpandableArrayBuffer(256);
            final UnsafeBuffer bytes = new UnsafeBuffer(new byte[64]);
            final int length = payload(bytes, 0, 21, 0);
            final ExternalEffectEncoder encoder = new ExternalEffectEncoder()
                .wrapAndApplyHeader(message, 0, new MessageHeaderEncoder())
                .gatewayId(1).epoch(1).seq(21).index(0).putPayload(bytes, 0, length);
            final int messageLength = MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
            pumpUntil(() -> raw.offer(message, 0, messageLength) > 0, "offer the duplicate");
            pumpUntil(() -> sink.duplicates() == 1, "the sink counts the duplicate");
            assertEquals(effectsOf(1, 40), sink.accepted());
        }
        finally
        {
            CloseHelper.quietClose(raw);
        }
    }

    @Test
    void malformedEffectsAreCountedAndNotForwarded()
    {
        final GatewayStub g1 = gateway(1);
        g1.forwarder.beginEpoch(1, System.nanoTime());
        pumpUntil(() -> g1.forwarder.synced(), "handshake");
        final UnsafeBuffer bad = new UnsafeBuffer(new byte[32]);
        final int good = payload(bad, Integer.BYTES, 1, 0);
        bad.putInt(0, good, ByteOrder.LITTLE_ENDIAN);
        bad.putInt(Integer.BYTES + good, 1_000, ByteOrder.LITTLE_ENDIAN); // claims more than there is
        g1.forwarder.onEffects(1, bad, 0, Integer.BYTES + good + Integer.BYTES + 2);
        pumpUntil(() -> sink.accepted() == 1, "the entry before the bad one arrives");
        assertEquals(1, g1.forwarder.malformed());
        assertEquals(1, g1.forwarder.effectsForwarded());
    }

    @Test
    void steadyStateForwardingDoesNotAllocate()
    {
        final java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean,
            "no allocation counter on this JVM");
        final com.sun.management.ThreadMXBean threadBean = (com.sun.management.ThreadMXBean)bean;
        org.junit.jupiter.api.Assumptions.assumeTrue(
            threadBean.isThreadAllocatedMemorySupported() && threadBean.isThreadAllocatedMemoryEnabled(),
            "allocation counter disabled");

        final GatewayStub g1 = gateway(1);
        g1.forwarder.beginEpoch(1, System.nanoTime());
        pumpUntil(() -> g1.forwarder.synced(), "handshake");
        recordAtSink = false;
        long seq = 0;
        long measured = 0;
        for (int round = 0; round < 5; round++)
        {
            // the first rounds grow the queue and buffers to their working size and let the JIT settle
            final long threadId = Thread.currentThread().getId();
            final long before = threadBean.getThreadAllocatedBytes(threadId);
            final long deadlineNs = System.nanoTime() + WAIT_NS;
            for (int i = 0; i < 20_000; i++)
            {
                seq++;
                feed(g1, seq, seq);
                final long nowNs = System.nanoTime();
                g1.doWork(nowNs);
                sink.doWork();
                // on a starved machine the media driver can leave the sink behind; let it catch up rather than let
                // the queue grow past its initial 4 KB: a backlog is back pressure, not the steady state measured here
                while (g1.forwarder.queuedBytes() > 2048 && System.nanoTime() - deadlineNs < 0)
                {
                    g1.doWork(System.nanoTime());
                    sink.doWork();
                }
            }
            while (countedAtSink < effectsOf(1, seq) && System.nanoTime() - deadlineNs < 0)
            {
                g1.doWork(System.nanoTime());
                sink.doWork();
            }
            final long allocated = threadBean.getThreadAllocatedBytes(threadId) - before;
            assertEquals(effectsOf(1, seq), countedAtSink, "round " + round);
            if (round >= 2)
            {
                measured += allocated;
            }
        }
        // 3 x 20,000 seqs, about 40,000 effects: a single allocation per effect would be megabytes; a stray object of
        // the runtime now and then (seen: 64 bytes, rarely) is not the forwarder's
        assertTrue(measured < 1024, "bytes allocated forwarding " + effectsOf(seq - 59_999, seq) + " effects: " +
            measured);
        assertEquals(0, sink.duplicates());
        assertEquals(0, corruptPayloads);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // harness

    /**
     * What the active gateway does around its forwarder: a publication to the sink, its inbound subscription on which
     * it decodes SinkPosition.
     */
    private final class GatewayStub
    {
        final int gatewayId;
        final ExclusivePublication publication;
        final Subscription inbound;
        final EffectForwarder forwarder;
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final SinkPositionDecoder position = new SinkPositionDecoder();
        final FragmentAssembler assembler = new FragmentAssembler((buffer, offset, length, h) ->
        {
            header.wrap(buffer, offset);
            if (header.templateId() == SinkPositionDecoder.TEMPLATE_ID)
            {
                position.wrapAndApplyHeader(buffer, offset, header);
                onPosition(position.epoch(), position.lastSeq(), position.lastIndex());
            }
        });

        GatewayStub(final int gatewayId)
        {
            this.gatewayId = gatewayId;
            publication = aeron.addExclusivePublication(sinkChannel, SINK_STREAM);
            inbound = aeron.addSubscription(gatewayChannels.get(gatewayId - 1), REPLY_STREAM);
            forwarder = new EffectForwarder(publication, gatewayId, EffectForwarder.DEFAULT_HELLO_INTERVAL_NS, 4096);
        }

        void onPosition(final long epoch, final long lastSeq, final int lastIndex)
        {
            forwarder.onSinkPosition(epoch, lastSeq, lastIndex);
        }

        int doWork(final long nowNs)
        {
            return inbound.poll(assembler, 16) + forwarder.doWork(nowNs);
        }
    }

    private GatewayStub gateway(final int gatewayId)
    {
        final GatewayStub gateway = new GatewayStub(gatewayId);
        gateways.add(gateway);
        return gateway;
    }

    private void pumpUntil(final BooleanSupplier condition, final String what)
    {
        final long deadlineNs = System.nanoTime() + WAIT_NS;
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                fail("timed out waiting until " + what + "; sink: accepted " + sink.accepted() + ", last seq " +
                    sink.lastSeq() + ", epoch " + sink.epoch() + ", duplicates " + sink.duplicates() + ", stale " +
                    sink.staleEffects());
            }
            int work = 0;
            final long nowNs = System.nanoTime();
            for (final GatewayStub gateway : gateways)
            {
                work += gateway.doWork(nowNs);
            }
            if (pollSink)
            {
                work += sink.doWork();
            }
            if (0 == work)
            {
                Thread.onSpinWait();
            }
        }
    }

    /**
     * Give a gateway the effects of seqs from..to, each as the first response of its seq would carry them.
     */
    private void feed(final GatewayStub gateway, final long from, final long to)
    {
        final UnsafeBuffer effects = feedBuffer;
        for (long seq = from; seq <= to; seq++)
        {
            int position = 0;
            for (int index = 0; index < effectCount(seq); index++)
            {
                final int length = payload(effects, position + Integer.BYTES, seq, index);
                effects.putInt(position, length, ByteOrder.LITTLE_ENDIAN);
                position += Integer.BYTES + length;
            }
            gateway.forwarder.onEffects(seq, effects, 0, position);
        }
    }

    /** A seq has 0 to 3 effects: none for multiples of 5. */
    private static int effectCount(final long seq)
    {
        return seq % 5 == 0 ? 0 : (int)(seq % 3) + 1;
    }

    private static long effectsOf(final long from, final long to)
    {
        long count = 0;
        for (long seq = from; seq <= to; seq++)
        {
            count += effectCount(seq);
        }
        return count;
    }

    /** The bytes of effect (seq, index): its id, then a varying tail. */
    private static int payload(final UnsafeBuffer buffer, final int offset, final long seq, final int index)
    {
        final int length = Long.BYTES + (int)((seq * 7 + index) % 40);
        buffer.putLong(offset, id(seq, index));
        for (int i = Long.BYTES; i < length; i++)
        {
            buffer.putByte(offset + i, (byte)(seq + index + i));
        }
        return length;
    }

    private static long id(final long seq, final int index)
    {
        return (seq << 16) | index;
    }

    private void onSinkEffect(final long seq, final int index, final DirectBuffer buffer, final int offset,
        final int length)
    {
        final int expectedLength = Long.BYTES + (int)((seq * 7 + index) % 40);
        boolean intact = length == expectedLength && buffer.getLong(offset) == id(seq, index);
        for (int i = Long.BYTES; intact && i < length; i++)
        {
            intact = buffer.getByte(offset + i) == (byte)(seq + index + i);
        }
        if (!intact)
        {
            corruptPayloads++;
        }
        countedAtSink++;
        if (recordAtSink)
        {
            received.addLong(id(seq, index));
        }
    }

    /**
     * The sink holds every effect of seqs from..to, each once, in order, and nothing else.
     */
    private void assertReceivedExactly(final long from, final long to)
    {
        int i = 0;
        for (long seq = from; seq <= to; seq++)
        {
            for (int index = 0; index < effectCount(seq); index++)
            {
                if (i >= received.size())
                {
                    fail("the sink lacks (seq " + seq + ", index " + index + ") and what follows; it has " +
                        received.size());
                }
                final long got = received.getLong(i);
                if (got != id(seq, index))
                {
                    fail("effect " + i + " at the sink is (seq " + (got >>> 16) + ", index " + (got & 0xFFFF) +
                        "), expected (seq " + seq + ", index " + index + ")");
                }
                i++;
            }
        }
        assertEquals(i, received.size(), "the sink has nothing more");
    }
}
