package io.hedge.gateway;

import io.hedge.codecs.ControlEntry;
import io.hedge.codecs.ops.AdminResult;
import io.hedge.codecs.ops.AdminVerb;
import io.hedge.gateway.admin.AdminQueue;
import io.hedge.transport.FabricLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Carries out the admin verbs the ops agent hands over through the {@link AdminQueue}, on the gateway agent's thread,
 * one at a time: SUSPEND and RESUME at once; SNAPSHOT and SHUTDOWN over many duty cycles. Only the active gateway
 * (LEADER_ACTIVE) takes a verb; any other answers NOT_ACTIVE, naming the active gateway it knows; a verb that arrives
 * while another is under way is answered BUSY. Each command's reply is called exactly once.
 * <p>
 * SWITCHOVER holds new requests on their clients' images, waits until everything sequenced is committed and answered,
 * sends a Handover on the sequenced stream (the target stands at once, the replicas grant it without waiting for this
 * gateway's silence) and steps down naming the target; it is OK once the target is heard active in a newer epoch.
 * <p>
 * SNAPSHOT sequences a control entry ({@link ControlEntry#SNAPSHOT}): every replica writes a snapshot after applying
 * its seq, which is the same state on every replica, and reports it in its status (lastSnapshotSeq); the verb is OK
 * once a majority of the configured replicas report a snapshot at that seq or later. SHUTDOWN suspends, waits until
 * everything sequenced is committed and answered, then does the same with {@link ControlEntry#SNAPSHOT_AND_STOP}
 * (each replica stops after its snapshot), answers OK, keeps the term alive a moment so that the answer leaves, and
 * stops the gateway. A step-down fails the verb under way and ends the suspension: a gateway that becomes active
 * starts unsuspended. Nothing here runs per request; an empty queue costs one volatile read per duty cycle.
 */
final class AdminVerbs
{
    /** What the admin verbs need of the gateway agent. */
    interface Host
    {
        /**
         * @return the term that serves clients now (LEADER_ACTIVE), or null.
         */
        LeaderTerm servingTerm();

        /**
         * @return the active gateway as this one knows it, 0 if none.
         */
        int activeGatewayId();

        /**
         * @return the epoch the active gateway this one knows leads, 0 if none.
         */
        long activeEpoch();

        /**
         * @return true if this gateway id is a configured peer.
         */
        boolean isPeer(int gatewayId);

        /**
         * SWITCHOVER: send the handover (the sequenced stream, and the target's inbound endpoint) and step down,
         * naming the target as the gateway to follow.
         *
         * @return false when the stream pushed the handover back: nothing changed, try again.
         */
        boolean handOver(int targetId, String reason);

        /**
         * SHUTDOWN is done and answered: stop this gateway.
         */
        void stop(String reason);
    }

    /** How long SNAPSHOT and SHUTDOWN may take before they are answered FAILED. */
    static final long VERB_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(30);
    /** After SHUTDOWN is answered, the term goes on this long (heartbeats, the answer leaving) before it stops. */
    static final long STOP_LINGER_NS = TimeUnit.MILLISECONDS.toNanos(500);

    private enum Step
    {
        DRAINING, SEQUENCING, AWAITING_SNAPSHOTS, HANDING_OVER, AWAITING_TARGET
    }

    private static final Logger LOG = LoggerFactory.getLogger(AdminVerbs.class);

    private final int gatewayId;
    private final int replicaCount;
    private final AdminQueue queue;
    private final Suspension suspension;
    private final Host host;
    private final long[] snapshotSeqs = new long[FabricLimits.MAX_REPLICAS + 1];
    private final Consumer<AdminQueue.Command> onCommand = this::onCommand;

    private AdminQueue.Command current;
    private LeaderTerm currentTerm;
    private Step step;
    private long controlCode;
    private long targetSeq;
    private long startNs;
    private long deadlineNs;
    private boolean wasSuspended;
    private long stopAtNs;
    private long nowNs;
    private int targetId;
    private long handedOverNs;

    AdminVerbs(
        final int gatewayId, final int replicaCount, final AdminQueue queue, final Suspension suspension,
        final Host host)
    {
        this.gatewayId = gatewayId;
        this.replicaCount = replicaCount;
        this.queue = queue;
        this.suspension = suspension;
        this.host = host;
    }

    /**
     * Take the verbs waiting and move the one under way on.
     *
     * @return work done.
     */
    int doWork(final long nowNs)
    {
        this.nowNs = nowNs;
        int work = queue.drain(onCommand);
        if (null != current)
        {
            work += progress(nowNs);
        }
        if (0 != stopAtNs && nowNs - stopAtNs >= 0)
        {
            stopAtNs = 0;
            host.stop("hedge admin shutdown: every replica was told to snapshot and stop; the gateway stops");
            work++;
        }
        return work;
    }

    /**
     * A replica's status named the seq of its last snapshot.
     */
    void onReplicaSnapshot(final int replicaId, final long lastSnapshotSeq)
    {
        if (replicaId >= 1 && replicaId <= replicaCount)
        {
            snapshotSeqs[replicaId] = lastSnapshotSeq;
        }
    }

    /**
     * The term ended (a step-down): the verb under way fails, the suspension ends with it.
     */
    void onTermEnded()
    {
        suspension.resume();
        stopAtNs = 0;
        if (null != current && step != Step.AWAITING_TARGET)
        {
            fail("gateway " + gatewayId + " stepped down while it was under way");
        }
    }

    boolean suspended()
    {
        return suspension.suspended();
    }

    private void onCommand(final AdminQueue.Command command)
    {
        final AdminVerb verb = command.verb();
        if (null == verb || verb == AdminVerb.STATUS || verb == AdminVerb.ALARMS || verb == AdminVerb.KEEP_ALIVE ||
            verb == AdminVerb.NULL_VAL)
        {
            command.reply().done(AdminResult.INVALID, 0, verb + " is answered by the ops agent, not by the gateway");
            return;
        }
        if (null != current)
        {
            command.reply().done(AdminResult.BUSY, 0, current.verb() + " is under way since " +
                TimeUnit.NANOSECONDS.toMillis(nowNs - startNs) + " ms");
            return;
        }
        final LeaderTerm term = host.servingTerm();
        if (null == term)
        {
            final int activeId = host.activeGatewayId();
            command.reply().done(AdminResult.NOT_ACTIVE, 0, "gateway " + gatewayId + " is not active; " +
                (activeId == gatewayId ? "it is taking over (warming up): ask again in a moment" :
                0 == activeId ? "no active gateway is known" : "gateway " + activeId + " is active"));
            return;
        }
        switch (verb)
        {
            case SUSPEND:
                final boolean already = suspension.suspended();
                suspension.suspend();
                LOG.info("gateway {}: suspended by hedge admin (ops client {}): new requests are answered SUSPENDED",
                    gatewayId, command.opsClientId());
                command.reply().done(AdminResult.OK, 0, already ? "already suspended" :
                    "suspended at seq " + term.lastSeq() + ": new requests are answered SUSPENDED; those sequenced " +
                    "finish");
                break;

            case RESUME:
                final boolean was = suspension.suspended();
                suspension.resume();
                LOG.info("gateway {}: resumed by hedge admin (ops client {})", gatewayId, command.opsClientId());
                command.reply().done(AdminResult.OK, 0, was ? "resumed: new requests are sequenced again" :
                    "was not suspended");
                break;

            case SNAPSHOT:
                begin(command, term, Step.SEQUENCING, ControlEntry.SNAPSHOT);
                break;

            case SHUTDOWN:
                wasSuspended = suspension.suspended();
                suspension.suspend();
                LOG.info("gateway {}: hedge admin shutdown (ops client {}): suspended, draining seqs up to {}",
                    gatewayId, command.opsClientId(), term.lastSeq());
                begin(command, term, Step.DRAINING, ControlEntry.SNAPSHOT_AND_STOP);
                break;

            case SWITCHOVER:
                if (command.targetGatewayId() == gatewayId || !host.isPeer(command.targetGatewayId()))
                {
                    command.reply().done(AdminResult.INVALID, 0, "gateway " + command.targetGatewayId() + " is not " +
                        "another gateway of this stream");
                    break;
                }
                targetId = command.targetGatewayId();
                wasSuspended = suspension.suspended();
                suspension.hold();
                LOG.info("gateway {}: hedge admin switchover to gateway {} (ops client {}): holding new requests, " +
                    "draining seqs up to {}", gatewayId, targetId, command.opsClientId(), term.lastSeq());
                begin(command, term, Step.DRAINING, 0);
                break;

            default:
                command.reply().done(AdminResult.INVALID, 0, verb + " is not supported by this gateway");
                break;
        }
    }

    private void begin(final AdminQueue.Command command, final LeaderTerm term, final Step first, final long code)
    {
        current = command;
        currentTerm = term;
        step = first;
        controlCode = code;
        targetSeq = 0;
        startNs = nowNs;
        deadlineNs = nowNs + VERB_TIMEOUT_NS;
        progress(nowNs);
    }

    private int progress(final long nowNs)
    {
        if (step == Step.AWAITING_TARGET)
        {
            return awaitTarget(nowNs);
        }
        if (host.servingTerm() != currentTerm)
        {
            fail("gateway " + gatewayId + " is no longer active in the term it began in");
            return 1;
        }
        if (nowNs - deadlineNs > 0)
        {
            fail(timedOut());
            return 1;
        }
        switch (step)
        {
            case DRAINING:
                if (!currentTerm.drained())
                {
                    return 0;
                }
                if (current.verb() == AdminVerb.SWITCHOVER)
                {
                    step = Step.HANDING_OVER;
                    return 1 + handOver(nowNs);
                }
                step = Step.SEQUENCING;
                return 1 + sequenceControl(); // the stream is idle: the control entry goes at once

            case SEQUENCING:
                return sequenceControl();

            case HANDING_OVER:
                return handOver(nowNs);

            case AWAITING_SNAPSHOTS:
                if (snapshotsAtTarget() * 2 <= replicaCount)
                {
                    return 0;
                }
                succeed();
                return 1;

            default:
                return 0;
        }
    }

    private int sequenceControl()
    {
        targetSeq = currentTerm.sequenceControl(controlCode);
        if (0 == targetSeq)
        {
            return 0;
        }
        step = Step.AWAITING_SNAPSHOTS;
        LOG.info("gateway {}: {} sequenced at seq {}: every replica snapshots after it{}", gatewayId, current.verb(),
            targetSeq, controlCode == ControlEntry.SNAPSHOT_AND_STOP ? ", then stops" : "");
        return 1;
    }

    /**
     * Everything sequenced is committed and answered: tell the target and the replicas, then step down (the held
     * requests are then answered NOT_ACTIVE, naming the target, and their clients resend them there).
     */
    private int handOver(final long nowNs)
    {
        targetSeq = currentTerm.lastSeq();
        step = Step.AWAITING_TARGET; // before the step-down, which ends the term: the verb outlives it
        if (!host.handOver(targetId, "handing over to gateway " + targetId + " at seq " + targetSeq +
            " (hedge admin switchover, " + TimeUnit.NANOSECONDS.toMillis(nowNs - startNs) + " ms after it began)"))
        {
            step = Step.HANDING_OVER;
            return 0;
        }
        handedOverNs = nowNs;
        deadlineNs = nowNs + VERB_TIMEOUT_NS;
        return 1;
    }

    /**
     * Stepped down: the switchover is done once the target is heard active.
     */
    private int awaitTarget(final long nowNs)
    {
        if (host.activeGatewayId() == targetId && host.activeEpoch() > currentTerm.epoch() &&
            null == host.servingTerm())
        {
            final String detail = "gateway " + targetId + " is active, every seq up to " + targetSeq +
                " committed and answered before the handover; " + TimeUnit.NANOSECONDS.toMillis(nowNs - startNs) +
                " ms in all, " + TimeUnit.NANOSECONDS.toMillis(nowNs - handedOverNs) + " ms from the handover";
            LOG.info("gateway {}: SWITCHOVER done: {}", gatewayId, detail);
            final AdminQueue.Command done = current;
            current = null;
            currentTerm = null;
            done.reply().done(AdminResult.OK, targetSeq, detail);
            return 1;
        }
        if (nowNs - deadlineNs > 0)
        {
            fail("handed over at seq " + targetSeq + ", but gateway " + targetId + " was not heard active within " +
                TimeUnit.NANOSECONDS.toMillis(VERB_TIMEOUT_NS) + " ms");
            return 1;
        }
        return 0;
    }

    private int snapshotsAtTarget()
    {
        int count = 0;
        for (int id = 1; id <= replicaCount; id++)
        {
            count += snapshotSeqs[id] >= targetSeq ? 1 : 0;
        }
        return count;
    }

    private void succeed()
    {
        final boolean shutdown = controlCode == ControlEntry.SNAPSHOT_AND_STOP;
        final String detail = "snapshot at seq " + targetSeq + " on replicas " + replicasAtTarget(true) +
            (shutdown ? "; the replicas stop, then this gateway" : "") + " (" +
            TimeUnit.NANOSECONDS.toMillis(nowNs - startNs) + " ms)";
        LOG.info("gateway {}: {} done: {}", gatewayId, current.verb(), detail);
        final AdminQueue.Command done = current;
        current = null;
        currentTerm = null;
        if (shutdown)
        {
            stopAtNs = nowNs + STOP_LINGER_NS;
        }
        done.reply().done(AdminResult.OK, targetSeq, detail);
    }

    private String timedOut()
    {
        final long waitedMs = TimeUnit.NANOSECONDS.toMillis(VERB_TIMEOUT_NS);
        if (step == Step.DRAINING)
        {
            return "seqs up to " + currentTerm.lastSeq() + " were not all committed and answered within " + waitedMs +
                " ms";
        }
        if (step == Step.SEQUENCING || step == Step.HANDING_OVER)
        {
            return "the sequenced stream did not take the " + (step == Step.SEQUENCING ? "control entry" : "handover") +
                " within " + waitedMs + " ms";
        }
        return "only replicas " + replicasAtTarget(true) + " reported a snapshot at seq " + targetSeq + " within " +
            waitedMs + " ms (not " + replicasAtTarget(false) + "); a majority of " + replicaCount + " is needed";
    }

    private String replicasAtTarget(final boolean at)
    {
        final StringBuilder ids = new StringBuilder();
        for (int id = 1; id <= replicaCount; id++)
        {
            if (snapshotSeqs[id] >= targetSeq == at)
            {
                ids.append(ids.length() == 0 ? "" : ", ").append(id);
            }
        }
        return ids.length() == 0 ? "none" : ids.toString();
    }

    /**
     * The verb under way ends without success. A shutdown gives up its suspension, unless the gateway was suspended
     * before it: clients are not left refused by a shutdown that did not happen.
     */
    private void fail(final String why)
    {
        final AdminQueue.Command failed = current;
        if (controlCode == ControlEntry.SNAPSHOT_AND_STOP && !wasSuspended)
        {
            suspension.resume();
        }
        if (failed.verb() == AdminVerb.SWITCHOVER && step != Step.AWAITING_TARGET)
        {
            suspension.resume(); // the held requests are taken again (a suspension from before stays)
            if (wasSuspended)
            {
                suspension.suspend();
            }
        }
        current = null;
        currentTerm = null;
        LOG.warn("gateway {}: {} failed: {}", gatewayId, failed.verb(), why);
        failed.reply().done(AdminResult.FAILED, targetSeq, why);
    }
}
