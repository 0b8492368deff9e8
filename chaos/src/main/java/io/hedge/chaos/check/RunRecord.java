package io.hedge.chaos.check;

import io.hedge.replicas.trading.TradingConfig;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the checkers read about a run, once the fabric has healed and gone quiet and the roles have stopped.
 *
 * @param histories          each client's history, by client id.
 * @param journals           every live replica's final journal.
 * @param sinkEffects        what the effects sink accepted, in order; null if the run had no sink record.
 * @param timeline           the nemesis log.
 * @param trading            the engine's configuration, equal to the replicas'.
 * @param availabilityBoundMs how soon after the last fault ends the fabric must answer again, and the longest gap in
 *                           answers allowed while no fault is active.
 */
public record RunRecord(
    Map<Long, ClientHistory> histories,
    List<ReplicaJournal> journals,
    List<EffectLog.Entry> sinkEffects,
    FaultTimeline timeline,
    TradingConfig trading,
    long availabilityBoundMs)
{
    /** Default availability bound: an election, the client's failover timeout and a resend fit well within it. */
    public static final long DEFAULT_AVAILABILITY_BOUND_MS = 15_000;

    /**
     * Read a run from its files.
     *
     * @param historyFiles every client's history file.
     * @param journalDirs  every live replica's journal directory, by replica name.
     * @param effectLog    the sink's {@link EffectLog} file, or null if none.
     * @param timeline     the nemesis log.
     * @param trading      the engine's configuration.
     * @param boundMs      the availability bound.
     */
    public static RunRecord load(
        final List<Path> historyFiles,
        final Map<String, Path> journalDirs,
        final Path effectLog,
        final FaultTimeline timeline,
        final TradingConfig trading,
        final long boundMs)
    {
        final Map<Long, ClientHistory> histories = new LinkedHashMap<>();
        for (final Path file : historyFiles)
        {
            final ClientHistory h = ClientHistory.load(file);
            histories.put(h.clientId(), h);
        }
        final List<ReplicaJournal> journals = new ArrayList<>();
        journalDirs.forEach((name, dir) -> journals.add(ReplicaJournal.load(name, dir)));
        return new RunRecord(histories, journals, null == effectLog ? null : EffectLog.read(effectLog), timeline,
            trading, boundMs);
    }

    /**
     * @return the request, or null if no history holds it.
     */
    public RequestRecord request(final long clientId, final long correlationId)
    {
        final ClientHistory h = histories.get(clientId);
        return null == h ? null : h.requests().get(correlationId);
    }

    /**
     * @return the fault active when the request was submitted, null if none or the request is unknown.
     */
    public String faultAtSubmit(final long clientId, final long correlationId)
    {
        final RequestRecord r = request(clientId, correlationId);
        return null == r ? null : timeline.activeAt(r.submit().wallMs());
    }

    /**
     * @return the longest journal that starts at seq 1 (the one a fresh engine can replay), or null if none does.
     */
    public ReplicaJournal reference()
    {
        ReplicaJournal best = null;
        for (final ReplicaJournal j : journals)
        {
            if (j.firstSeq() == 1 && (null == best || j.lastSeq() > best.lastSeq()))
            {
                best = j;
            }
        }
        return best;
    }

    /**
     * @return every request of every client.
     */
    public List<RequestRecord> requests()
    {
        final List<RequestRecord> all = new ArrayList<>();
        histories.values().forEach(h -> all.addAll(h.requests().values()));
        return all;
    }
}
