package io.hedge.gateway;

import io.hedge.codecs.SequencedPrincipal;
import io.hedge.codecs.fabric.ConnectStatus;
import io.hedge.codecs.fabric.MessageHeaderDecoder;
import io.hedge.codecs.fabric.SequencedDecoder;
import io.hedge.journal.JournalReader;
import io.hedge.sequencer.GatewayJournal;
import io.hedge.sequencer.JournaledClientListener;
import io.hedge.sequencer.Sequencer;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Contract 5 at the desk of a serving term, over a real gateway journal (under target/) and fake client publications:
 * the principal of the session that sent a request is written into the Sequenced record it becomes, and the record
 * the gateway makes itself (the term marker) carries 0; a restart hands every journaled request's client and principal
 * to the gateway's {@link JournaledClientListener}, where per-client tables are rebuilt.
 */
class LeaderDeskPrincipalTest
{
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private final FakeClientPublication.Opener opener = new FakeClientPublication.Opener();
    private final GatewayCounters counters = new GatewayCounters();
    private final GatewayContext ctx = new GatewayContext();
    private final List<long[]> restored = new ArrayList<>();
    private Path dir;
    private GatewayJournal journal;
    private ClientSessions sessions;
    private ClientRouter router;
    private Sequencer sequencer;
    private long nowNs = 1_000 * MS;

    @BeforeEach
    void before()
    {
        dir = Path.of("target", "test-work", "leader-desk-principal-" + System.nanoTime());
    }

    @AfterEach
    void after()
    {
        if (null != journal)
        {
            journal.close();
        }
        IoUtil.delete(dir.toFile(), true);
    }

    @Test
    void aSessionsPrincipalIsSequencedWithEachOfItsRequests()
    {
        serve();
        final long marker = sequencer.sequence(LeaderTerm.TERM_START_CLIENT_ID, SequencedPrincipal.ANONYMOUS, 1,
            new UnsafeBuffer(new byte[0]), 0, 0);
        establish(7, 40123).principalId(4242);
        establish(8, 40124); // anonymous: the none authenticator leaves 0
        request(7, 1);
        request(8, 1);
        request(7, 2);

        final List<long[]> records = journaled();
        assertEquals(4, records.size());
        assertEquals(List.of(marker, 0L, 0L), List.of(records.get(0)[0], records.get(0)[1], records.get(0)[2]),
            "the term marker carries principal 0");
        assertEquals(List.of(7L, 4242L), List.of(records.get(1)[1], records.get(1)[2]));
        assertEquals(List.of(8L, 0L), List.of(records.get(2)[1], records.get(2)[2]));
        assertEquals(List.of(7L, 4242L), List.of(records.get(3)[1], records.get(3)[2]));

        serve(); // restart: the tables come back from the journal, principals with them
        assertEquals(3, restored.size(), "every client request, not the term marker: " + restored);
        assertEquals(List.of(7L, 4242L), List.of(restored.get(0)[0], restored.get(0)[1]));
        assertEquals(List.of(8L, 0L), List.of(restored.get(1)[0], restored.get(1)[1]));
        assertEquals(List.of(7L, 4242L), List.of(restored.get(2)[0], restored.get(2)[1]));
    }

    private void serve()
    {
        if (null != journal)
        {
            journal.close();
        }
        restored.clear();
        journal = GatewayJournal.open(dir, 8, Integer.MAX_VALUE, Integer.MAX_VALUE, new JournaledClientListener()
        {
            public void onRebuild()
            {
                restored.clear();
            }

            public void onJournaledRequest(final long clientId, final int principalId)
            {
                restored.add(new long[]{clientId, principalId});
            }
        }, "test");
        sessions = new ClientSessions(opener, 5_000 * MS, 10_000 * MS, 64, 1);
        final EgressPublisher egress = new EgressPublisher(sessions);
        egress.epoch(1);
        sequencer = new Sequencer(1, journal.journal(), (buffer, offset, length) -> 1, () -> nowNs,
            journal.duplicates());
        final ResponseCollector collector = new ResponseCollector(16, 4096, Durability.first(), 3, 1, 1, egress,
            (seq, replicaId, buffer, offset, length) -> { }, (replicaId, seq, majorityHash) -> true);
        final QueryRouter queries = new QueryRouter(4, 3, 4096, 1_000 * MS, (replicaId, now) -> -1,
            (replicaId, token, minSeq, payload, offset, length) -> false, egress::sendQueryAnswer);
        final LeaderDesk desk = new LeaderDesk(ctx, 1, journal, sequencer, collector, egress, counters, queries,
            new Suspension(), true);
        router = new ClientRouter(sessions, egress, counters, () -> nowNs, desk, 1);
        collector.startAfter(journal.lastSeq());
    }

    /** Each record as {seq, clientId, principalId}. */
    private List<long[]> journaled()
    {
        final List<long[]> records = new ArrayList<>();
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final SequencedDecoder decoder = new SequencedDecoder();
        try (JournalReader reader = journal.journal().reader())
        {
            while (reader.readNext((buffer, offset, length) ->
            {
                decoder.wrapAndApplyHeader(buffer, offset, header);
                records.add(new long[]{decoder.seq(), decoder.clientId(), decoder.principalId()});
            }))
            {
                // each record is taken by the handler
            }
        }
        return records;
    }

    private ClientSession establish(final long clientId, final int port)
    {
        final byte[] channel = ("aeron:udp?endpoint=localhost:" + port).getBytes(StandardCharsets.UTF_8);
        router.onConnect(clientId, 0, new UnsafeBuffer(channel), 0, channel.length, 11, 0, 0);
        final FakeClientPublication.Pending pending = opener.last().add();
        nowNs += MS;
        router.poll(nowNs);
        assertEquals(ConnectStatus.OK, pending.publication.told.get(0).status());
        return sessions.established(clientId);
    }

    private void request(final long clientId, final long correlationId)
    {
        router.onRequest(clientId, 0, correlationId, new UnsafeBuffer(new byte[1]), 0, 1);
        while (sequencer.hasPending())
        {
            sequencer.publishPending();
        }
    }
}
