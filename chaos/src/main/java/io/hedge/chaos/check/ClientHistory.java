package io.hedge.chaos.check;

import io.hedge.chaos.workload.HistoryEvent;
import io.hedge.chaos.workload.HistoryReader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One client's history, indexed by correlation id. A client restarted after a crash appends a new session (a START
 * line) to the same file; a session that ends without an END line was cut short by a crash.
 *
 * @param clientId  of the client.
 * @param events    every line, in order.
 * @param requests  by correlation id, in submit order; a correlation id submitted again in a later session (a restarted
 *                  client reusing an id the gateway never saw) keeps the later submit.
 * @param sessions  START lines seen.
 * @param endedSessions indexes of the sessions that wrote their END line.
 * @param truncated true if the file ended in a half line (the client was killed while writing).
 */
public record ClientHistory(
    long clientId,
    List<HistoryEvent> events,
    Map<Long, RequestRecord> requests,
    int sessions,
    List<Integer> endedSessions,
    boolean truncated)
{
    public static ClientHistory load(final Path file)
    {
        final HistoryReader reader = HistoryReader.read(file);
        return of(reader.events(), reader.truncated());
    }

    public static ClientHistory of(final List<HistoryEvent> events, final boolean truncated)
    {
        final Map<Long, RequestRecord> requests = new LinkedHashMap<>();
        final List<Integer> ended = new ArrayList<>();
        int session = -1;
        long clientId = 0;
        for (final HistoryEvent e : events)
        {
            clientId = e.clientId();
            switch (e.type())
            {
                case START -> session++;
                case END -> ended.add(Math.max(session, 0));
                case SUBMIT -> requests.put(e.correlationId(), new RequestRecord(e, Math.max(session, 0)));
                case UNKNOWN ->
                {
                    final RequestRecord r = requests.get(e.correlationId());
                    if (null != r)
                    {
                        r.unknown = true;
                    }
                }
                case ANSWER, REJECT, OUTCOME ->
                {
                    final RequestRecord r = requests.get(e.correlationId());
                    if (null != r)
                    {
                        r.completions.add(e);
                    }
                }
                default ->
                {
                }
            }
        }
        return new ClientHistory(clientId, events, requests, Math.max(session + 1, 0), List.copyOf(ended), truncated);
    }

    /**
     * @return true if the session wrote its END line.
     */
    public boolean ended(final int session)
    {
        return endedSessions.contains(session);
    }
}
