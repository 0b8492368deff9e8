package io.hedge.chaos.check;

import io.hedge.chaos.forge.ForgeKind;
import io.hedge.chaos.forge.ForgePhase;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The eighth checker, for runs with the {@code forge} nemesis: every kind of forgery the forger sent was counted as
 * refused by the roles it targeted. The evidence is the forger's {@link ForgePhase}s: each kind is forged alone for a
 * phase, and the target's refusal counters are read before and after it.
 * <p>
 * A target counts as <em>reached</em> in a phase when the forger sent it something, both readings were made, its
 * counters did not go back (a restarted role counts from zero), and no fault that stops it hearing the forger (a kill
 * or pause of it, its site isolated) overlapped the phase. A reached replica, or the sink, must have refused at least
 * one message in the phase. Gateways are judged together: a forgery that only one gateway listens for (the active
 * gateway for statuses and connects, the standbys for heartbeats) must be refused by at least one reached gateway.
 * Exact counts cannot be asked for: the forgeries travel over UDP, through loss faults, and a receiver that has not
 * yet made an image of a new session drops its first frames. A kind no target of which was reached is reported as not
 * reached, not as a failure. The run passes only if this checker and the seven others pass.
 */
public final class ForgeriesChecker
{
    public static final String NAME = "forgeries";

    /** What one kind came to. */
    public enum Outcome
    {
        REFUSED, NOT_REACHED, NOT_REFUSED
    }

    /**
     * @param kind      the kind.
     * @param outcome   the verdict.
     * @param sent      messages sent, every target and window.
     * @param refused   refusals counted by reached targets.
     * @param firstMiss the first reached target that refused nothing ("window 1 replica-B"), null if none.
     */
    public record KindResult(ForgeKind kind, Outcome outcome, long sent, long refused, String firstMiss)
    {
    }

    private ForgeriesChecker()
    {
    }

    /**
     * @param phases   every phase of every window, from the forger's results.
     * @param timeline the run's faults, to tell which targets could not be reached.
     * @return the verdict.
     */
    public static CheckResult check(final List<ForgePhase> phases, final FaultWindows timeline)
    {
        final List<KindResult> kinds = judge(phases, timeline);
        long sent = 0;
        long refused = 0;
        final List<String> notReached = new ArrayList<>();
        KindResult miss = null;
        for (final KindResult k : kinds)
        {
            sent += k.sent();
            refused += k.refused();
            if (k.outcome() == Outcome.NOT_REACHED)
            {
                notReached.add(k.kind().label());
            }
            if (k.outcome() == Outcome.NOT_REFUSED && null == miss)
            {
                miss = k;
            }
        }
        final String checked = sent + " forged messages of " + kinds.size() + " kinds, " + refused +
            " counted refused" + (notReached.isEmpty() ? "" : "; not reached: " + String.join(", ", notReached));
        if (0 == sent)
        {
            return CheckResult.fail(NAME, checked, new CheckResult.CounterExample(0, 0, 0, null,
                "the forger sent nothing (see logs/forger-*.log)"));
        }
        if (null != miss)
        {
            return CheckResult.fail(NAME, checked, new CheckResult.CounterExample(0, 0, 0, null,
                miss.kind().label() + ": " + miss.sent() + " sent, none counted refused by " + miss.firstMiss()));
        }
        return CheckResult.pass(NAME, checked);
    }

    /**
     * @return one result per kind sent, in the order of {@link ForgeKind}.
     */
    public static List<KindResult> judge(final List<ForgePhase> phases, final FaultWindows timeline)
    {
        final Map<ForgeKind, List<ForgePhase>> byKind = new EnumMap<>(ForgeKind.class);
        for (final ForgePhase phase : phases)
        {
            byKind.computeIfAbsent(phase.kind(), k -> new ArrayList<>()).add(phase);
        }
        final List<KindResult> results = new ArrayList<>();
        for (final Map.Entry<ForgeKind, List<ForgePhase>> entry : byKind.entrySet())
        {
            results.add(judgeKind(entry.getKey(), entry.getValue(), timeline));
        }
        return results;
    }

    private static KindResult judgeKind(final ForgeKind kind, final List<ForgePhase> phases, final FaultWindows timeline)
    {
        long sent = 0;
        long refused = 0;
        boolean anyReached = false;
        String firstMiss = null;
        // gateways are judged per window, together
        final Map<Integer, long[]> gatewaysByWindow = new LinkedHashMap<>();
        for (final ForgePhase phase : phases)
        {
            sent += phase.sent();
            if (!reached(phase, timeline))
            {
                continue;
            }
            anyReached = true;
            refused += phase.refused();
            if (phase.target().startsWith("gateway"))
            {
                final long[] tally = gatewaysByWindow.computeIfAbsent(phase.window(), w -> new long[1]);
                tally[0] += phase.refused();
            }
            else if (0 == phase.refused() && null == firstMiss)
            {
                firstMiss = "window " + phase.window() + " " + phase.target();
            }
        }
        for (final Map.Entry<Integer, long[]> entry : gatewaysByWindow.entrySet())
        {
            if (0 == entry.getValue()[0] && null == firstMiss)
            {
                firstMiss = "window " + entry.getKey() + " any gateway";
            }
        }
        final Outcome outcome = !anyReached ? Outcome.NOT_REACHED :
            null == firstMiss ? Outcome.REFUSED : Outcome.NOT_REFUSED;
        return new KindResult(kind, outcome, sent, refused, firstMiss);
    }

    /**
     * @return whether the target could hear the forger for the whole phase and its counters tell what it refused.
     */
    static boolean reached(final ForgePhase phase, final FaultWindows timeline)
    {
        if (phase.sent() <= 0 || !phase.readable())
        {
            return false;
        }
        for (final FaultWindows.Window w : timeline.windows())
        {
            if (w.startMs() < phase.endWallMs() && phase.startWallMs() < w.endMs() &&
                silences(w.description(), phase.target()))
            {
                return false;
            }
        }
        return true;
    }

    private static boolean silences(final String fault, final String target)
    {
        if (fault.contains("kill " + target) || fault.contains("pause " + target) ||
            fault.contains("disk full for " + target))
        {
            return true;
        }
        // a site's roles are named after it ("replica-B"); gateway names do not say their site, so an isolated site
        // silences every gateway for this purpose: the check may only get more lenient, never fail a good run
        final int at = fault.indexOf("isolate site ");
        if (at >= 0)
        {
            final String site = fault.substring(at + "isolate site ".length()).split("[ :]", 2)[0];
            return target.equals("replica-" + site) || target.startsWith("gateway");
        }
        return false;
    }

    /**
     * @return one line per kind, for the report.
     */
    public static List<String> lines(final List<KindResult> kinds)
    {
        final List<String> lines = new ArrayList<>();
        for (final KindResult k : kinds)
        {
            lines.add(String.format("%-18s %-11s sent %,d, counted refused %,d%s", k.kind().label(),
                k.outcome().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '), k.sent(), k.refused(),
                null == k.firstMiss() ? "" : "; nothing refused by " + k.firstMiss()));
        }
        return lines;
    }
}
