package io.hedge.perf;

import io.hedge.client.FabricStatus;
import io.hedge.client.HedgeClientContext;
import io.hedge.client.HedgeSession;
import io.hedge.replicas.trading.TradingConfig;
import io.hedge.replicas.trading.TradingWorkload;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One open-loop run against a running fabric, and the report a user reads after it: counts, the percentile
 * table, which site won how often, and whether every replica ended with the same state hash. A fast run
 * with a wrong answer fails. {@code hedge load} and {@code hedge demo} run it.
 */
public final class LoadRun
{
    /**
     * The shape of a run.
     *
     * @param rate              requests per second, open loop.
     * @param durationSeconds   measured seconds, after the warm-up.
     * @param warmupSeconds     seconds of load before measuring.
     * @param ordersPercent     share of new orders.
     * @param cancelsPercent    share of cancels.
     * @param transfersPercent  share of transfers.
     * @param seed              seed of the request generator.
     * @param sessions          client sessions sharing the load, each with its own client id.
     * @param histogramLog      HdrHistogram interval log to write, or null.
     */
    public record Plan(
        int rate,
        int durationSeconds,
        int warmupSeconds,
        int ordersPercent,
        int cancelsPercent,
        int transfersPercent,
        long seed,
        int sessions,
        Path histogramLog)
    {
    }

    private LoadRun()
    {
    }

    /**
     * @return whether every request was answered and every replica converged to one state hash, and the figures.
     */
    public static Outcome execute(
        final HedgeClientContext clientContext,
        final Plan plan,
        final TradingConfig tradingConfig,
        final List<String> sites,
        final PrintStream out)
    {
        final int[] mix = {plan.ordersPercent(), plan.cancelsPercent(), plan.transfersPercent()};
        final TradingWorkload workload = new TradingWorkload(plan.seed(), tradingConfig, mix[0], mix[1], mix[2]);
        final LoadGenerator generator = new LoadGenerator(clientContext.maxInFlight(), plan.sessions());
        final LoadResult result;
        final FabricStatus status;
        final HedgeSession[] sessions = new HedgeSession[plan.sessions()];
        try (PrintStream log = null == plan.histogramLog() ? null : new PrintStream(
            Files.newOutputStream(plan.histogramLog()), false))
        {
            for (int i = 0; i < sessions.length; i++)
            {
                final HedgeClientContext ctx = i == 0 ? clientContext : copyWithNewClientId(clientContext);
                sessions[i] = HedgeSession.connect(ctx, generator.listener(i));
            }
            final HedgeSession session = sessions[0];
            out.printf("%d client session(s) connected to gateway %d (epoch %d); %,d requests/s for %d s after a " +
                "%d s warm-up, mix %d%% orders / %d%% cancels / %d%% transfers%n", sessions.length, session.gatewayId(),
                session.epoch(), plan.rate(), plan.durationSeconds(), plan.warmupSeconds(), mix[0], mix[1], mix[2]);
            final FabricStatus before = generator.awaitReplicasLive(session, sites.size(), TimeUnit.SECONDS.toNanos(30));
            if (null == before || before.replicas().size() < sites.size())
            {
                out.printf("only %d of %d replicas are live after 30 s; starting anyway%n",
                    null == before ? 0 : before.replicas().size(), sites.size());
            }
            result = generator.run(sessions, workload::next, plan.rate(),
                TimeUnit.SECONDS.toNanos(plan.warmupSeconds()), TimeUnit.SECONDS.toNanos(plan.durationSeconds()),
                TimeUnit.SECONDS.toNanos(10), log, out);
            status = generator.awaitConvergence(TimeUnit.SECONDS.toNanos(15));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write histogram log " + plan.histogramLog(), ex);
        }
        finally
        {
            org.agrona.CloseHelper.quietCloseAll(sessions);
        }

        out.println();
        out.printf("requests: sent %,d  answered %,d  not OK %,d  unanswered %,d%n",
            result.sent(), result.answered(), result.notOk(), result.timedOut());
        if (result.notOk() > 0)
        {
            out.println("  last not OK: " + generator.lastNotOk());
        }
        out.printf("round trip in ms, timed from each request's scheduled send (coordinated-omission corrected), " +
            "%,d requests after warm-up at %,d/s:%n", result.histogram().getTotalCount(), plan.rate());
        result.printPercentiles(out);

        final long total = result.winsByReplica().values().stream().mapToLong(Long::longValue).sum();
        final StringBuilder wins = new StringBuilder("answers by site:");
        for (final Map.Entry<Integer, Long> e : result.sortedWins().entrySet())
        {
            final int id = e.getKey();
            final String site = id >= 1 && id <= sites.size() ? sites.get(id - 1) : "#" + id;
            wins.append(String.format("  %s %.1f%% (%,d)", site, 100.0 * e.getValue() / Math.max(1, total), e.getValue()));
        }
        out.println(wins);

        final boolean converged = null != status && status.converged() && status.replicas().size() == sites.size();
        if (null == status)
        {
            out.println("replicas: the gateway did not answer a status query");
        }
        else
        {
            for (final FabricStatus.Replica r : status.replicas())
            {
                final int id = r.replicaId();
                out.printf("replica %s: applied seq %,d  state hash %016x  divergences %d  state %s%n",
                    id >= 1 && id <= sites.size() ? sites.get(id - 1) : "#" + id, r.appliedSeq(), r.stateHash(),
                    r.divergences(), r.state());
            }
            out.printf("gateway: last seq %,d; replicas %s%n", status.lastSeq(),
                converged ? "all at the last seq with the same state hash" :
                "DO NOT AGREE or did not catch up (expected " + sites.size() + " at seq " + status.lastSeq() + ")");
        }
        final boolean ok = result.allAnswered() && converged;
        out.println(ok ? "result: PASS" : "result: FAIL");
        return new Outcome(ok, result);
    }

    /**
     * @param ok     every request answered and every replica converged.
     * @param result what was measured.
     */
    public record Outcome(boolean ok, LoadResult result)
    {
    }

    private static HedgeClientContext copyWithNewClientId(final HedgeClientContext ctx)
    {
        return new HedgeClientContext()
            .aeron(ctx.aeron())
            .aeronDirectoryName(ctx.aeronDirectoryName())
            .ingressChannel(ctx.ingressChannel())
            .ingressStreamId(ctx.ingressStreamId())
            .responseChannel(ctx.responseChannel())
            .responseStreamId(ctx.responseStreamId())
            .connectTimeoutNs(ctx.connectTimeoutNs())
            .requestTimeoutNs(ctx.requestTimeoutNs())
            .maxInFlight(ctx.maxInFlight())
            .principal(ctx.principal())
            .secretFile(ctx.secretFile())
            .idleStrategySupplier(ctx.idleStrategySupplier());
    }
}
