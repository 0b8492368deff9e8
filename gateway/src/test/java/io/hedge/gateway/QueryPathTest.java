package io.hedge.gateway;

import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import io.hedge.codecs.fabric.ConnectStatus;
import io.hedge.codecs.fabric.QueryStatus;
import io.hedge.sequencer.GatewayJournal;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A query through the gateway's client side, without a media driver: the {@link ClientRouter} hands it to the desk of
 * the phase; a leading desk to the term's {@link QueryRouter}, whose answer reaches the client's publication under the
 * client's query id; a gateway that does not lead answers NOT_ACTIVE and says who does.
 */
class QueryPathTest
{
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final String CHANNEL = "aeron:udp?endpoint=localhost:40123";

    private final FakeClientPublication.Opener opener = new FakeClientPublication.Opener();
    private final GatewayCounters counters = new GatewayCounters();
    private final ClientSessions sessions = new ClientSessions(opener, 5_000 * MS, 10_000 * MS, 8, 1);
    private final EgressPublisher egress = new EgressPublisher(sessions);
    private final List<Long> tokens = new ArrayList<>();
    private final List<Integer> asked = new ArrayList<>();
    private final QueryRouter queries = new QueryRouter(8, 3, 64, 1_000 * MS, (replicaId, nowNs) -> 20,
        (replicaId, token, minSeq, payload, offset, length) ->
        {
            asked.add(replicaId);
            tokens.add(token);
            return true;
        },
        egress::sendQueryAnswer);
    private long nowNs = 1_000 * MS;

    private FakeClientPublication connect(final ClientRouter router, final long clientId)
    {
        final byte[] bytes = CHANNEL.getBytes(StandardCharsets.UTF_8);
        router.onConnect(clientId, 0, new UnsafeBuffer(bytes), 0, bytes.length, 11, 0, 0);
        opener.last().add();
        nowNs += MS;
        router.poll(nowNs);
        return opener.last().publication;
    }

    @Test
    void aLeadingGatewayRoutesTheQueryAndTheReplicasAnswerReachesTheClientUnderItsQueryId()
    {
        final Path dir = Path.of("target", "test-work", "query-path-" + System.nanoTime());
        try (GatewayJournal journal = GatewayJournal.open(dir, 8, 16, 16, "test"))
        {
            // the sequencer and collector are never touched by a query: a null one would throw if it were
            final LeaderDesk desk = new LeaderDesk(new GatewayContext(), 1, journal, null, null, egress, counters,
                queries, new Suspension(), true);
            final ClientRouter router = new ClientRouter(sessions, egress, counters, () -> nowNs, desk, 1);
            final FakeClientPublication client = connect(router, 7);
            assertEquals(Action.CONTINUE, router.onQuery(7, 0, 31, 20, new UnsafeBuffer(new byte[3]), 0, 3));
            assertEquals(List.of(1), asked, "sent to one replica, not sequenced");
            assertEquals(0, journal.lastSeq(), "nothing journaled");
            queries.onAnswer(tokens.get(0), 1, QueryStatus.OK, 22, new UnsafeBuffer(new byte[5]), 0, 5, nowNs);
            assertEquals(List.of("31 OK r1 applied 22, 5 bytes"), client.queryAnswers);
            assertEquals(List.of(), client.answers, "no ClientResponse: a query is not a request");
        }
        finally
        {
            IoUtil.delete(dir.toFile(), true);
        }
    }

    @Test
    void aGatewayThatDoesNotLeadAnswersNotActiveAtOnce()
    {
        final ClientRouter router = new ClientRouter(sessions, egress, counters, () -> nowNs,
            new NotLeadingDesk(egress, counters, 2, 5, 1), 2);
        final FakeClientPublication client = connect(router, 7);
        router.onQuery(7, 0, 4, 0, new UnsafeBuffer(new byte[1]), 0, 1);
        assertEquals(List.of("4 NOT_ACTIVE r0 applied 0, 0 bytes"), client.queryAnswers);
        assertEquals(ConnectStatus.NOT_ACTIVE, client.told.get(client.told.size() - 1).status(), "and who leads");
        assertEquals(List.of(), asked);
    }
}
