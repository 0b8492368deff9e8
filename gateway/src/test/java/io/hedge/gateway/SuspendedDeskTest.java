package io.hedge.gateway;

import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import io.hedge.codecs.fabric.ConnectStatus;
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

/**
 * hedge admin suspend at the desk of a serving term, over a real gateway journal (under target/) and fake client
 * publications: a new request is answered SUSPENDED and never sequenced; what was sequenced is still answered, and so
 * are outcome queries; after resume, requests are sequenced again. Held (a switchover), a new request waits.
 */
class SuspendedDeskTest
{
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private final FakeClientPublication.Opener opener = new FakeClientPublication.Opener();
    private final GatewayCounters counters = new GatewayCounters();
    private final Suspension suspension = new Suspension();
    private Path dir;
    private GatewayJournal journal;
    private ClientRouter router;
    private Sequencer sequencer;
    private long nowNs = 1_000 * MS;

    @BeforeEach
    void before()
    {
        dir = Path.of("target", "test-work", "suspended-desk-" + System.nanoTime());
        journal = GatewayJournal.open(dir, 8, 16, 64, "test");
        final ClientSessions sessions = new ClientSessions(opener, 5_000 * MS, 10_000 * MS, 64, 1);
        final EgressPublisher egress = new EgressPublisher(sessions);
        egress.epoch(1);
        sequencer = new Sequencer(1, journal.journal(), (buffer, offset, length) -> 1, () -> nowNs,
            journal.duplicates());
        final ResponseCollector collector = new ResponseCollector(16, 4096, Durability.first(), 3, 1, 1, egress,
            (seq, replicaId, buffer, offset, length) -> { }, (replicaId, seq, majorityHash) -> true);
        final QueryRouter queries = new QueryRouter(4, 3, 4096, 1_000 * MS, (replicaId, now) -> -1,
            (replicaId, token, minSeq, payload, offset, length) -> false, egress::sendQueryAnswer);
        final LeaderDesk desk = new LeaderDesk(new GatewayContext(), 1, journal, sequencer, collector, egress,
            counters, queries, suspension, true);
        router = new ClientRouter(sessions, egress, counters, () -> nowNs, desk, 1);
        collector.startAfter(journal.lastSeq());
    }

    @AfterEach
    void after()
    {
        journal.close();
        IoUtil.delete(dir.toFile(), true);
    }

    @Test
    void aSuspendedDeskAnswersNewRequestsSuspendedAndSequencesNone()
    {
        final FakeClientPublication client = establish(7, 40123);
        request(7, 1);
        assertEquals(1, sequencer.lastSeq());

        suspension.suspend();
        assertEquals(Action.CONTINUE, request(7, 2), "answered, not held on the image");
        assertEquals(Action.CONTINUE, request(7, 3));
        assertEquals(1, sequencer.lastSeq(), "nothing new is sequenced");
        assertEquals(List.of(ResponseStatus.SUSPENDED, ResponseStatus.SUSPENDED), statuses(client));
        assertEquals(2, counters.suspendedAnswers());
        assertEquals(0, counters.rejectedRequests(), "a suspension is not a reject");

        request(7, 1);
        assertEquals(2, client.answers.size(), "the resend of a sequenced request waits for its answer as ever: " +
            statuses(client));
        assertEquals(1, counters.duplicatesSeen());
        router.onOutcomeQuery(7, 0, 2);
        assertEquals(ResponseStatus.NOT_EXECUTED, statuses(client).get(2), "an outcome query is answered: never " +
            "sequenced, and now never will be");

        suspension.resume();
        request(7, 4);
        assertEquals(2, sequencer.lastSeq(), "sequenced again after resume");
        request(7, 2);
        assertEquals(2, sequencer.lastSeq(), "a suspended id asked about is withdrawn, never run");
        assertEquals(2, counters.suspendedAnswers());
    }

    @Test
    void aHoldingDeskKeepsNewRequestsOnTheImageAndASuspensionStillAnswers()
    {
        final FakeClientPublication client = establish(7, 40123);
        request(7, 1);
        suspension.hold();
        assertEquals(Action.ABORT, request(7, 2), "held for a switchover: delivered again later, elsewhere");
        assertEquals(1, sequencer.lastSeq());
        assertEquals(0, client.answers.size());
        suspension.suspend();
        assertEquals(Action.CONTINUE, request(7, 2));
        assertEquals(List.of(ResponseStatus.SUSPENDED), statuses(client), "a suspension answers, held or not");
        suspension.resume();
        assertEquals(Action.CONTINUE, request(7, 3));
        assertEquals(2, sequencer.lastSeq());
    }

    private FakeClientPublication establish(final long clientId, final int port)
    {
        final byte[] channel = ("aeron:udp?endpoint=localhost:" + port).getBytes(StandardCharsets.UTF_8);
        router.onConnect(clientId, 0, new UnsafeBuffer(channel), 0, channel.length, 11, 0, 0);
        final FakeClientPublication.Pending pending = opener.last().add();
        nowNs += MS;
        router.poll(nowNs);
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

    private static List<ResponseStatus> statuses(final FakeClientPublication publication)
    {
        return publication.answers.stream().map(FakeClientPublication.Answer::status).toList();
    }
}
