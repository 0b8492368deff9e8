package io.hedge.gateway;

import io.hedge.codecs.fabric.ExternalEffectDecoder;
import io.hedge.codecs.fabric.MessageHeaderDecoder;
import io.hedge.codecs.fabric.MessageHeaderEncoder;
import io.hedge.codecs.fabric.ReplicaResponseEncoder;
import io.hedge.codecs.fabric.SinkHelloDecoder;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rule 7, effects exactly once: the forwarder of a term sends the effects of committed seqs only, strictly in seq
 * order, each with count and previousSeq, resuming from the sink's position however far behind (fetching from a
 * replica's effects journal until it meets the live stream), and again after the sink restarts. No media driver:
 * a recording sink and a fake replica that answers fetches as the EffectsFetchServer does.
 */
class EffectForwarderTest
{
    private static final int GATEWAY = 2;

    /** The effects every replica computes for seq: none for every 5th, two for every 3rd, else one. */
    static byte[] effectsOf(final long seq)
    {
        final int count = seq % 5 == 0 ? 0 : seq % 3 == 0 ? 2 : 1;
        final ExpandableArrayBuffer out = new ExpandableArrayBuffer(64);
        int position = 0;
        for (int i = 0; i < count; i++)
        {
            final byte[] effect = ("s" + seq + "i" + i).getBytes();
            out.putInt(position, effect.length, ByteOrder.LITTLE_ENDIAN);
            out.putBytes(position + Integer.BYTES, effect);
            position += Integer.BYTES + effect.length;
        }
        final byte[] bytes = new byte[position];
        out.getBytes(0, bytes);
        return bytes;
    }

    /** What the sink sees: each effect (seq, index, count, previousSeq), and the hellos. */
    static final class RecordingSink implements StreamOffer
    {
        final List<String> effects = new ArrayList<>();
        final List<long[]> raw = new ArrayList<>();
        int helloes;
        long lastHelloEpoch;
        boolean refuse;
        private final MessageHeaderDecoder header = new MessageHeaderDecoder();
        private final ExternalEffectDecoder effect = new ExternalEffectDecoder();
        private final SinkHelloDecoder hello = new SinkHelloDecoder();

        @Override
        public long offer(final DirectBuffer buffer, final int offset, final int length)
        {
            if (refuse)
            {
                return -2;
            }
            header.wrap(buffer, offset);
            if (header.templateId() == SinkHelloDecoder.TEMPLATE_ID)
            {
                hello.wrapAndApplyHeader(buffer, offset, header);
                helloes++;
                lastHelloEpoch = hello.epoch();
                return 1;
            }
            effect.wrapAndApplyHeader(buffer, offset, header);
            final byte[] payload = new byte[effect.payloadLength()];
            final long seq = effect.seq();
            final int index = effect.index();
            final int count = effect.count();
            final long previousSeq = effect.previousSeq();
            final long epoch = effect.epoch();
            effect.getPayload(payload, 0, payload.length);
            effects.add(seq + "/" + index + "/" + count + "/" + previousSeq + " " + new String(payload));
            raw.add(new long[]{seq, index, count, previousSeq, epoch});
            return 1;
        }
    }

    /** A replica's effects journal and its fetch server, answering on demand. */
    static final class FakeReplica
    {
        final int id;
        final TreeMap<Long, byte[]> journal = new TreeMap<>();
        long firstAvailable = 1;
        long applied;
        final List<long[]> fetches = new ArrayList<>();

        FakeReplica(final int id, final long upTo)
        {
            this.id = id;
            for (long seq = 1; seq <= upTo; seq++)
            {
                final byte[] effects = effectsOf(seq);
                if (effects.length > 0)
                {
                    journal.put(seq, effects);
                }
            }
            applied = upTo;
        }

        /** Answer the last fetch asked of this replica: up to batch records, then the close. */
        boolean serve(final EffectForwarder forwarder, final int batch)
        {
            if (fetches.isEmpty())
            {
                return false;
            }
            final long[] fetch = fetches.get(fetches.size() - 1);
            final long to = Math.min(fetch[1], applied);
            int sent = 0;
            for (final var entry : journal.subMap(fetch[0], true, to, true).entrySet())
            {
                if (fromSeqSent(fetch) >= entry.getKey())
                {
                    continue;
                }
                if (sent++ == batch)
                {
                    return true;
                }
                final UnsafeBuffer buffer = new UnsafeBuffer(entry.getValue());
                forwarder.onEffectsReplay(id, entry.getKey(), false, firstAvailable, buffer, 0, buffer.capacity());
                fetch[2] = entry.getKey();
            }
            forwarder.onEffectsReplay(id, to, true, firstAvailable, new UnsafeBuffer(new byte[0]), 0, 0);
            fetches.remove(fetches.size() - 1);
            return true;
        }

        private static long fromSeqSent(final long[] fetch)
        {
            return fetch[2];
        }
    }

    private final RecordingSink sink = new RecordingSink();
    private final List<FakeReplica> replicas = new ArrayList<>();
    private final ExpandableArrayBuffer response = new ExpandableArrayBuffer(256);
    private long nowNs = 1_000;

    private boolean fetch(final int replicaId, final long fromSeq, final long toSeq)
    {
        replicas.get(replicaId - 1).fetches.add(new long[]{fromSeq, toSeq, fromSeq - 1});
        return true;
    }

    private EffectForwarder forwarder(final long epoch, final int liveBytes, final long maxFetchSeqs)
    {
        return new EffectForwarder(sink, GATEWAY, epoch, 3, this::fetch, nowNs,
            EffectForwarder.DEFAULT_HELLO_INTERVAL_NS, EffectForwarder.DEFAULT_FETCH_TIMEOUT_NS, liveBytes,
            maxFetchSeqs);
    }

    /** The agreed ReplicaResponse of seq, header included, as the collector passes it. */
    private int responseOf(final long seq, final int replicaId)
    {
        final byte[] effects = effectsOf(seq);
        final ReplicaResponseEncoder encoder = new ReplicaResponseEncoder()
            .wrapAndApplyHeader(response, 0, new MessageHeaderEncoder())
            .epoch(1).seq(seq).replicaId(replicaId).stateHash(seq * 31).clientId(7).correlationId(seq);
        encoder.putPayload(new byte[]{1, 2, 3}, 0, 3);
        encoder.putEffects(effects, 0, effects.length);
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    private void commit(final EffectForwarder forwarder, final long seq)
    {
        forwarder.onCommitted(seq, 1, response, 0, responseOf(seq, 1));
    }

    private void pump(final EffectForwarder forwarder, final int cycles)
    {
        for (int i = 0; i < cycles; i++)
        {
            nowNs += 1_000;
            forwarder.doWork(nowNs);
            for (final FakeReplica replica : replicas)
            {
                replica.serve(forwarder, 64);
            }
        }
    }

    /** Every effect of seqs from..to as the sink must see them, with count and previousSeq. */
    private static List<String> expected(final long from, final long to, final long previousBefore)
    {
        final List<String> out = new ArrayList<>();
        long previous = previousBefore;
        for (long seq = from; seq <= to; seq++)
        {
            final int count = seq % 5 == 0 ? 0 : seq % 3 == 0 ? 2 : 1;
            for (int i = 0; i < count; i++)
            {
                out.add(seq + "/" + i + "/" + count + "/" + previous + " s" + seq + "i" + i);
            }
            if (count > 0)
            {
                previous = seq;
            }
        }
        return out;
    }

    @Test
    @DisplayName("rule 7: only what onCommitted gives is sent, in seq order, with count and previousSeq, after the " +
        "sink has told its position")
    void forwardsCommittedEffectsInOrder()
    {
        final EffectForwarder forwarder = forwarder(4, EffectForwarder.DEFAULT_LIVE_BYTES, 1000);
        pump(forwarder, 1);
        assertEquals(1, sink.helloes, "hello first");
        assertEquals(4, sink.lastHelloEpoch);
        for (long seq = 1; seq <= 6; seq++)
        {
            commit(forwarder, seq);
        }
        pump(forwarder, 3);
        assertEquals(List.of(), sink.effects, "nothing before the sink's position is known");

        forwarder.onSinkPosition(4, 0, -1);
        pump(forwarder, 3);
        assertEquals(expected(1, 6, 0), sink.effects);
        commit(forwarder, 7);
        commit(forwarder, 7);
        pump(forwarder, 2);
        assertEquals(expected(1, 7, 0), sink.effects, "a seq given twice is sent once");
        pump(forwarder, 5);
        assertEquals(expected(1, 7, 0), sink.effects, "nothing uncommitted is sent");
        assertEquals(7, forwarder.doneSeq());
        assertEquals(0, forwarder.fetches(), "the live stream reached back to the sink: no fetch");
    }

    @Test
    @DisplayName("rule 7: back pressure holds effects back, never drops or repeats one")
    void backPressureHoldsBack()
    {
        final EffectForwarder forwarder = forwarder(1, EffectForwarder.DEFAULT_LIVE_BYTES, 1000);
        forwarder.onSinkPosition(1, 0, -1);
        sink.refuse = true;
        for (long seq = 1; seq <= 50; seq++)
        {
            commit(forwarder, seq);
            pump(forwarder, 1);
        }
        assertEquals(List.of(), sink.effects);
        sink.refuse = false;
        pump(forwarder, 5);
        assertEquals(expected(1, 50, 0), sink.effects);
    }

    @Test
    @DisplayName("rule 7: a new term's forwarder starts from the sink's position; nothing of the old term's survives")
    void aNewTermStartsFromTheSinksPosition()
    {
        final EffectForwarder first = forwarder(1, EffectForwarder.DEFAULT_LIVE_BYTES, 1000);
        first.onSinkPosition(1, 0, -1);
        for (long seq = 1; seq <= 10; seq++)
        {
            commit(first, seq);
        }
        pump(first, 2);
        sink.refuse = true;
        for (long seq = 11; seq <= 20; seq++)
        {
            commit(first, seq); // held back by the sink's stream, then the term ends: dropped with the forwarder
        }
        pump(first, 2);
        sink.refuse = false;
        final List<String> delivered = new ArrayList<>(sink.effects);
        assertEquals(expected(1, 10, 0), delivered);

        replicas.add(new FakeReplica(1, 25));
        final EffectForwarder second = forwarder(2, EffectForwarder.DEFAULT_LIVE_BYTES, 1000);
        pump(second, 1);
        assertEquals(2, sink.lastHelloEpoch);
        sink.effects.clear();
        sink.raw.clear();
        second.onSinkPosition(2, 9, 1); // seq 9's two effects are the sink's last (seq 10 has none)
        for (long seq = 21; seq <= 25; seq++)
        {
            commit(second, seq);
        }
        pump(second, 20);
        assertEquals(expected(11, 25, 9), sink.effects, "seqs 11..20 fetched from a replica, then the live ones");
        assertTrue(second.fetches() >= 1);
        for (final long[] effect : sink.raw)
        {
            assertEquals(2, effect[4], "sent in the new term's epoch");
        }
    }

    @Test
    @DisplayName("rule 7: a sink 20,000 seqs behind is caught up from a replica's effects journal until the catch-up " +
        "meets the live stream: no duplicate, no gap, bounded memory")
    void resumesASinkFarBehind()
    {
        final FakeReplica replica = new FakeReplica(1, 20_000);
        replicas.add(new FakeReplica(2, 0));
        replicas.add(0, replica);
        final int liveBytes = 8 * 1024;
        final EffectForwarder forwarder = forwarder(3, liveBytes, 3_000);
        forwarder.onSinkPosition(3, 0, -1);
        commit(forwarder, 20_000); // the collector's first committed seq of this term: all before are committed
        long nextLive = 20_001;
        for (int cycle = 0; cycle < 5_000 && forwarder.doneSeq() < 20_400; cycle++)
        {
            if (nextLive <= 20_400 && cycle % 3 == 0)
            {
                replica.applied = nextLive;
                replica.journal.put(nextLive, effectsOf(nextLive));
                if (effectsOf(nextLive).length == 0)
                {
                    replica.journal.remove(nextLive);
                }
                commit(forwarder, nextLive++);
            }
            pump(forwarder, 1);
            assertTrue(forwarder.liveBytes() <= liveBytes, "the live store stays bounded");
        }
        assertEquals(20_400, forwarder.doneSeq());
        assertEquals(expected(1, 20_400, 0), sink.effects);
        assertTrue(forwarder.fetches() >= 7, "range after range: " + forwarder.fetches());
        assertTrue(replicas.get(1).fetches.isEmpty(), "replica 2 never gave an agreed response: never asked");
    }

    @Test
    @DisplayName("rule 7: a replica that began after a snapshot cannot tell older effects: another is asked")
    void asksAnotherReplicaWhenOneCannotTell()
    {
        final FakeReplica bootstrapped = new FakeReplica(1, 100);
        bootstrapped.firstAvailable = 60;
        final FakeReplica full = new FakeReplica(2, 100);
        replicas.add(bootstrapped);
        replicas.add(full);
        final EffectForwarder forwarder = forwarder(1, EffectForwarder.DEFAULT_LIVE_BYTES, 1000);
        forwarder.onSinkPosition(1, 0, -1);
        forwarder.onCommitted(100, 1, response, 0, responseOf(100, 1));
        forwarder.onCommitted(101, 2, response, 0, responseOf(101, 2));
        pump(forwarder, 10);
        assertEquals(expected(1, 101, 0), sink.effects);
    }

    @Test
    @DisplayName("rule 7: a sink restarted mid-term announces its position; the forwarder says hello and resumes there")
    void resumesASinkRestartedMidTerm()
    {
        replicas.add(new FakeReplica(1, 0));
        final EffectForwarder forwarder = forwarder(5, 2 * 1024, 1000);
        forwarder.onSinkPosition(5, 0, -1);
        for (long seq = 1; seq <= 200; seq++)
        {
            replicas.get(0).journal.put(seq, effectsOf(seq));
            if (effectsOf(seq).length == 0)
            {
                replicas.get(0).journal.remove(seq);
            }
            replicas.get(0).applied = seq;
            commit(forwarder, seq);
            pump(forwarder, 1);
        }
        assertEquals(expected(1, 200, 0), sink.effects);

        // the sink restarts from its persisted position: seq 37 index 0 (seq 37 has one effect), epoch unknown
        final int helloes = sink.helloes;
        forwarder.onSinkPosition(0, 37, 0);
        pump(forwarder, 1);
        assertEquals(helloes + 1, sink.helloes, "hello again at once");
        sink.effects.clear();
        forwarder.onSinkPosition(5, 37, 0);
        pump(forwarder, 20);
        assertEquals(expected(38, 200, 37), sink.effects, "from the position on, fetched: the live store moved on");
        assertEquals(1, forwarder.resyncs());
    }

    @Test
    @DisplayName("rule 7: a position in the middle of a seq's effects resumes with the next index of that seq")
    void resumesInTheMiddleOfASeq()
    {
        final EffectForwarder forwarder = forwarder(1, EffectForwarder.DEFAULT_LIVE_BYTES, 1000);
        for (long seq = 1; seq <= 7; seq++)
        {
            commit(forwarder, seq);
        }
        forwarder.onSinkPosition(1, 6, 0); // seq 6 has two effects; the sink holds the first
        pump(forwarder, 3);
        assertEquals(List.of("6/1/2/0 s6i1", "7/0/1/6 s7i0"), sink.effects);
    }

    @Test
    @DisplayName("rule 7: a sink that follows a newer epoch gets nothing more from this term")
    void aNewerEpochAtTheSinkSupersedes()
    {
        final EffectForwarder forwarder = forwarder(3, EffectForwarder.DEFAULT_LIVE_BYTES, 1000);
        forwarder.onSinkPosition(3, 0, -1);
        commit(forwarder, 1);
        pump(forwarder, 2);
        forwarder.onSinkPosition(4, 1, 0);
        commit(forwarder, 2);
        pump(forwarder, 2);
        assertEquals(expected(1, 1, 0), sink.effects);
        assertEquals(EffectForwarder.Phase.SUPERSEDED, forwarder.phase());
    }
}
