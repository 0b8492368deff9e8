package io.hedge.gateway;

import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import io.hedge.codecs.fabric.ConnectStatus;
import io.hedge.codecs.fabric.ReplicaState;
import io.hedge.codecs.fabric.ResponseStatus;
import io.hedge.sequencer.GatewayJournal;
import io.hedge.sequencer.Sequencer;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rule 8 at the desk of a serving term, over a real gateway journal (under target/) and fake client publications:
 * the duplicate table, rebuilt from the journal, is the persisted low-water mark of every client id, whether or not
 * its session still exists; and its cap pushes back with REJECTED_BUSY.
 */
class LeaderDeskBoundsTest
{
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long IDLE_TIMEOUT_NS = 10_000 * MS;

    private final FakeClientPublication.Opener opener = new FakeClientPublication.Opener();
    private final GatewayCounters counters = new GatewayCounters();
    private final GatewayContext ctx = new GatewayContext();
    private Path dir;
    private GatewayJournal journal;
    private ClientSessions sessions;
    private EgressPublisher egress;
    private ClientRouter router;
    private Sequencer sequencer;
    private ResponseCollector collector;
    private long nowNs = 1_000 * MS;

    @BeforeEach
    void before()
    {
        dir = Path.of("target", "test-work", "leader-desk-bounds-" + System.nanoTime());
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

    private void serve(final int maxWindows, final int maxClients)
    {
        if (null != journal)
        {
            journal.close(); // a restart: everything is rebuilt from the journal
        }
        journal = GatewayJournal.open(dir, 8, maxWindows, maxClients, "test");
        sessions = new ClientSessions(opener, 5_000 * MS, IDLE_TIMEOUT_NS, 64, 1);
        egress = new EgressPublisher(sessions);
        egress.epoch(1);
        sequencer = new Sequencer(1, journal.journal(), (buffer, offset, length) -> 1, () -> nowNs,
            journal.duplicates());
        collector = new ResponseCollector(16, 4096, Durability.first(), 3, 1, 1, egress,
            (seq, replicaId, buffer, offset, length) -> { }, (replicaId, seq, majorityHash) -> true);
        final QueryRouter queries = new QueryRouter(4, 3, 4096, 1_000 * MS, (replicaId, now) -> -1,
            (replicaId, token, minSeq, payload, offset, length) -> false, egress::sendQueryAnswer);
        final LeaderDesk desk = new LeaderDesk(ctx, 1, journal, sequencer, collector, egress, counters, queries,
            new Suspension(), true);
        router = new ClientRouter(sessions, egress, counters, () -> nowNs, desk, 1);
        collector.startAfter(journal.lastSeq());
    }

    /**
     * What a new term does before it may vouch for older seqs: its first entry (the term marker), journaled by a
     * majority of the replicas (statuses of this epoch, matched with it).
     */
    private void commitTermStart()
    {
        final long seq = sequencer.sequence(0, 0, 1, new UnsafeBuffer(new byte[0]), 0, 0);
        journal.onSequenced(1, seq);
        collector.onSequenced(seq, 0, 1);
        while (sequencer.hasPending())
        {
            sequencer.publishPending();
        }
        for (int replicaId = 1; replicaId <= 2; replicaId++)
        {
            collector.onReplicaStatus(replicaId, 1, ReplicaState.LIVE, seq, seq, 1, 0, nowNs);
        }
    }

    /**
     * Invariant: an expired client's old correlation ids are refused, never executed, also after a restart (the marks
     * are rebuilt from the journal), and also once its window was given to another client; its new ids run.
     */
    @Test
    void anExpiredClientsOldCorrelationIdsAreRefusedNeverExecuted()
    {
        serve(1, 64);
        final FakeClientPublication first = establish(7, 40123);
        for (final long id : new long[]{1, 2, 3, 5}) // 4 was lost on the way
        {
            assertEquals(Action.CONTINUE, request(7, id));
        }
        assertEquals(4, sequencer.lastSeq());

        poll(IDLE_TIMEOUT_NS + 2_000 * MS);
        assertTrue(first.closed, "the expired session's publication is closed");
        assertEquals(1, sessions.expired());

        serve(1, 64); // restart: the table comes back from the journal
        commitTermStart();
        final FakeClientPublication back = establish(7, 40123);
        assertEquals(5, back.told.get(0).lastCorrelationId(), "the reconnected SDK continues after its mark");
        request(7, 2);
        request(7, 4);
        assertEquals(5, sequencer.lastSeq(), "nothing old runs again (seq 5 is the term's marker)");
        assertEquals(List.of(ResponseStatus.DUPLICATE_NOT_CACHED, ResponseStatus.REJECTED_OUT_OF_ORDER),
            statuses(back));

        establish(8, 40124);
        request(8, 1); // client 8 takes the only window: 7 keeps its mark alone
        assertEquals(6, sequencer.lastSeq());
        request(7, 3);
        assertEquals(6, sequencer.lastSeq(), "below the mark: refused without its window too");
        assertEquals(ResponseStatus.DUPLICATE_NOT_CACHED, statuses(back).get(2));
        request(7, 6);
        assertEquals(7, sequencer.lastSeq(), "a new id of the reconnected client runs");
    }

    /**
     * Invariant (acknowledged means executed): DUPLICATE_NOT_CACHED says "it executed", so it is said only of a
     * committed seq. A seq of an older term that this leader kept, but that no majority has vouched for in its term,
     * may still be abandoned and its seq given to another request (seen in `hedge chaos --seed 1101`); a resend or
     * an outcome query of it gets no answer until the term's first entry commits, then the truth.
     */
    @Test
    void aDuplicateOfAnUncommittedSeqIsNotCalledExecutedUntilItCommits()
    {
        serve(1, 64);
        final FakeClientPublication client = establish(7, 40123);
        request(7, 1);
        request(7, 2);
        assertEquals(2, sequencer.lastSeq());

        serve(1, 64); // a later term of the same gateway, its journal kept: seqs 1 and 2 are not committed in it
        final FakeClientPublication back = establish(7, 40123);
        request(7, 2);
        router.onOutcomeQuery(7, 0, 1);
        assertEquals(List.of(), statuses(back), "nothing said of uncommitted seqs");
        assertEquals(2, counters.duplicatesHeldUncommitted());
        assertEquals(2, sequencer.lastSeq(), "and nothing executed again");

        commitTermStart();
        request(7, 2);
        router.onOutcomeQuery(7, 0, 1);
        assertEquals(List.of(ResponseStatus.DUPLICATE_NOT_CACHED, ResponseStatus.DUPLICATE_NOT_CACHED),
            statuses(back), "once the term's first entry is on a majority, the kept seqs are committed");
        assertEquals(2, counters.duplicatesHeldUncommitted());
        assertTrue(client.answers.isEmpty() || client.closed, "the first session heard nothing of this");
    }

    /**
     * Invariant: the duplicate table never forgets a client id to make room, so a new id beyond its cap is pushed back
     * with REJECTED_BUSY (retryable), not sequenced and not recorded; known clients go on.
     */
    @Test
    void aNewClientIdBeyondTheDuplicateTableCapIsAnsweredBusy()
    {
        serve(1, 1);
        establish(7, 40123);
        request(7, 1);
        final FakeClientPublication other = establish(8, 40124);
        assertEquals(Action.CONTINUE, request(8, 1));
        router.onOutcomeQuery(8, 0, 1);
        assertEquals(List.of(ResponseStatus.REJECTED_BUSY, ResponseStatus.REJECTED_BUSY), statuses(other));
        assertEquals(1, sequencer.lastSeq(), "not sequenced");
        assertEquals(1, journal.duplicates().clientCount(), "not recorded");
        request(7, 2);
        assertEquals(2, sequencer.lastSeq(), "a known client goes on");
    }

    private FakeClientPublication establish(final long clientId, final int port)
    {
        final byte[] channel = ("aeron:udp?endpoint=localhost:" + port).getBytes(StandardCharsets.UTF_8);
        router.onConnect(clientId, 0, new UnsafeBuffer(channel), 0, channel.length, 11, 0, 0);
        final FakeClientPublication.Pending pending = opener.last().add();
        poll(MS);
        assertEquals(ConnectStatus.OK, pending.publication.told.get(0).status());
        return pending.publication;
    }

    private Action request(final long clientId, final long correlationId)
    {
        final Action action = router.onRequest(clientId, 0, correlationId, new UnsafeBuffer(new byte[1]), 0, 1);
        while (sequencer.hasPending())
        {
            sequencer.publishPending();
        }
        return action;
    }

    private void poll(final long ns)
    {
        final long endNs = nowNs + ns;
        while (nowNs < endNs)
        {
            nowNs = Math.min(endNs, nowNs + 500 * MS);
            router.poll(nowNs);
        }
    }

    private static List<ResponseStatus> statuses(final FakeClientPublication publication)
    {
        return publication.answers.stream().map(FakeClientPublication.Answer::status).toList();
    }
}
