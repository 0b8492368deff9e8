package io.hedge.chaos.nemesis;

import io.hedge.chaos.run.RoleId;
import io.hedge.chaos.run.RoleKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Draws one concrete fault of a kind from a seeded source: which role, which site, which halves, what rate. Targets:
 * kill and pause act on gateways, replicas and the sink (never a client, whose history is the run's record); loss and
 * slowness on replicas; a full disk on gateways and replicas (the roles with journals).
 */
final class FaultDraw
{
    /** A fault and the one role it acts on (null for network faults). */
    record Drawn(FaultKind kind, Fault fault, RoleId target)
    {
    }

    private static final double[] LOSS_RATES = {0.1, 0.2, 0.3, 0.5};
    private static final long[] SLOW_DELAYS_US = {200, 500, 1_000, 2_000};

    private final SplittableRandom random;
    private final List<RoleId> gateways = new ArrayList<>();
    private final List<RoleId> replicas = new ArrayList<>();
    private final List<RoleId> processTargets = new ArrayList<>();
    private final List<String> sites;

    FaultDraw(final SplittableRandom random, final List<RoleId> roles)
    {
        this.random = random;
        final TreeSet<String> siteNames = new TreeSet<>();
        for (final RoleId role : roles)
        {
            if (role.kind() == RoleKind.GATEWAY)
            {
                gateways.add(role);
            }
            if (role.kind() == RoleKind.REPLICA)
            {
                replicas.add(role);
            }
            if (NemesisSchedule.isProcessTarget(role))
            {
                processTargets.add(role);
            }
            if (!role.site().isEmpty())
            {
                siteNames.add(role.site());
            }
        }
        sites = new ArrayList<>(siteNames);
    }

    SplittableRandom random()
    {
        return random;
    }

    /**
     * @return the kinds these roles support, in declaration order.
     * @throws IllegalArgumentException if none is.
     */
    List<FaultKind> usable(final Set<FaultKind> kinds)
    {
        final List<FaultKind> usable = new ArrayList<>();
        for (final FaultKind kind : FaultKind.values())
        {
            if (kinds.contains(kind) && supports(kind))
            {
                usable.add(kind);
            }
        }
        if (usable.isEmpty())
        {
            throw new IllegalArgumentException("none of the fault kinds " + kinds + " applies to these roles");
        }
        return usable;
    }

    private boolean supports(final FaultKind kind)
    {
        return switch (kind)
        {
            case KILL, PAUSE -> !processTargets.isEmpty();
            case ISOLATE_SITE -> sites.size() >= 2;
            case SPLIT_HALVES -> gateways.size() + replicas.size() >= 2;
            case SPLIT_ACTIVE_PAIR, ONE_WAY -> !gateways.isEmpty() && !replicas.isEmpty();
            case CUT_GATEWAYS -> gateways.size() >= 2;
            case LOSS, SLOW -> !replicas.isEmpty();
            case DISK_FULL -> !gateways.isEmpty() || !replicas.isEmpty();
            // forge windows are drawn by ForgeWindows, from a source of their own
            case FORGE -> false;
        };
    }

    Drawn draw(final FaultKind kind)
    {
        return switch (kind)
        {
            case KILL -> onRole(kind, pick(processTargets));
            case PAUSE -> onRole(kind, pick(processTargets));
            case LOSS -> onRole(kind, pick(replicas));
            case SLOW -> onRole(kind, pick(replicas));
            case DISK_FULL -> onRole(kind, pick(journaled()));
            case ISOLATE_SITE -> new Drawn(kind, Partition.isolateSite(pick(sites)), null);
            case SPLIT_HALVES -> new Drawn(kind, halves(), null);
            case SPLIT_ACTIVE_PAIR -> new Drawn(kind, Partition.activeGatewayWith(pick(replicas)), null);
            case CUT_GATEWAYS -> new Drawn(kind, Partition.gatewaysApart(), null);
            case ONE_WAY -> new Drawn(kind, random.nextBoolean() ?
                Partition.activeGatewayTo(pick(replicas)) : Partition.replicaToGateways(pick(replicas)), null);
            case FORGE -> throw new IllegalArgumentException("forge windows are drawn by ForgeWindows");
        };
    }

    /**
     * @return a fault acting on one role other than {@code notTarget}, or null if the kinds allow none.
     */
    Drawn drawOnOtherRole(final List<FaultKind> usable, final RoleId notTarget)
    {
        final List<FaultKind> single = new ArrayList<>();
        for (final FaultKind kind : usable)
        {
            if (!kind.network())
            {
                single.add(kind);
            }
        }
        if (single.isEmpty())
        {
            return null;
        }
        final FaultKind kind = single.get(random.nextInt(single.size()));
        final List<RoleId> others = new ArrayList<>(targets(kind));
        others.remove(notTarget);
        return others.isEmpty() ? null : onRole(kind, pick(others));
    }

    private List<RoleId> targets(final FaultKind kind)
    {
        return switch (kind)
        {
            case KILL, PAUSE -> processTargets;
            case LOSS, SLOW -> replicas;
            case DISK_FULL -> journaled();
            default -> List.of();
        };
    }

    private Drawn onRole(final FaultKind kind, final RoleId role)
    {
        final Fault fault = switch (kind)
        {
            case KILL -> new KillRestart(role);
            case PAUSE -> new PauseResume(role);
            case LOSS -> new ReceiveLoss(role, LOSS_RATES[random.nextInt(LOSS_RATES.length)]);
            case SLOW -> new SlowReplica(role, SLOW_DELAYS_US[random.nextInt(SLOW_DELAYS_US.length)]);
            case DISK_FULL -> new DiskFull(role);
            default -> throw new IllegalArgumentException(kind + " does not act on one role");
        };
        return new Drawn(kind, fault, role);
    }

    private Partition halves()
    {
        final List<RoleId> siteRoles = new ArrayList<>(gateways);
        siteRoles.addAll(replicas);
        NemesisSchedule.shuffle(siteRoles, random);
        final int half = siteRoles.size() / 2;
        return Partition.halves(
            List.copyOf(siteRoles.subList(0, half)), List.copyOf(siteRoles.subList(half, siteRoles.size())));
    }

    private List<RoleId> journaled()
    {
        final List<RoleId> roles = new ArrayList<>(gateways);
        roles.addAll(replicas);
        return roles;
    }

    private <T> T pick(final List<T> list)
    {
        return list.get(random.nextInt(list.size()));
    }
}
