package io.hedge.client;

import io.hedge.codecs.fabric.ConnectStatus;
import io.hedge.transport.ClientCredentials;
import org.agrona.concurrent.status.AtomicCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Which of the fabric's gateways is active for a session, and finding the next one: the session's
 * {@link SessionState} machine. Requests go only to the active gateway, the one whose ClientConnected(OK) carries
 * the highest epoch. When the active gateway falls silent (its ingress disconnects, or something sent to it has had
 * no answer for the failover timeout and nothing came from it in that time) every gateway is asked again every
 * connect backoff ({@link ConnectBackoff}: from the connect retry interval, doubling up to its max, with jitter) until
 * one answers OK; when it steps down nothing is sent until one does. Answers from below the session's epoch are fenced.
 * A ClientConnected SUPERSEDED (another session connected with this client id) ends the session: nothing is sent
 * any more; so does a refusal of the client's credentials (AUTHENTICATION_FAILED) or of its client id
 * (CLIENT_ID_TAKEN), from any gateway: retrying cannot help, and the application must hear of it. A ConnectChallenge
 * is answered over the ingress of the gateway that sent it ({@link ClientCredentials}). The public {@link ConnectionState} is derived from these states by {@link ConnectionStates}.
 * <p>
 * An idle session notices a dead active gateway too (rule 5 of docs/FAILOVER.md) by its {@link KeepAlive}. Each
 * standby is told of the client again every {@link KeepAlive#MAX_INTERVAL_NS} (a standby that restarted forgot it,
 * and a gateway's sessions expire after inactivity), so that the unsolicited ClientConnected(OK) of a standby that
 * takes over reaches the client at once.
 * <p>
 * It decides; the session acts on its {@link Verdict}s (adopting a new active, resending what waits).
 */
final class GatewayFailover
{
    /** What the session must do after a ClientConnected. */
    enum Verdict
    {
        /** Nothing. */
        NONE,
        /** A new active gateway: take its limits and last correlation id, resend every request that waits. */
        NEW_ACTIVE,
        /** The silent active answered in the same epoch: resend what waits, it drops what it already has. */
        SAME_ACTIVE,
        /** A gateway refused the client after the session was established: tell the application. */
        REJECTED,
        /** Another session with this client id replaced this one: fail what waits, tell the application. */
        SUPERSEDED,
        /** A gateway refused the credentials or the client id: fail what waits, tell the application. */
        REFUSED
    }

    /** The requests and queries of the session, as far as the failover needs to know them. */
    interface Unanswered
    {
        /**
         * @return true if a request or outcome query sent to the active gateway has waited longer than ageNs.
         */
        boolean waitingLongerThan(long nowNs, long ageNs);

        /**
         * @return true if a request or outcome query waits for its answer: the session is not idle.
         */
        boolean awaitsAnswer();
    }

    private static final Logger LOGGER = LoggerFactory.getLogger(GatewayFailover.class);

    private final long clientId;
    private final IngressPublisher[] gateways;
    private final long failoverTimeoutNs;
    private final ConnectBackoff backoff;
    private final ConnectionStates connectionStates;
    private final KeepAlive keepAlive;
    private final AtomicCounter stateCounter;

    // what each gateway last said, by index (gateway id - 1): for failover, and for a useful error at connect
    private final GatewayAnswers answers;

    private SessionState state = SessionState.CONNECTING;
    private long stateChangeNs;
    /** Epoch of the newest ClientConnected(OK): that of the active gateway. */
    private long epoch;
    /** Answers from below this epoch are dropped: the newest OK's epoch, or a higher one the active stepped down for. */
    private long fenceEpoch;
    private int activeIndex = -1;
    private int gatewayId;
    private long lastActiveActivityNs;
    private long nextProbeNs;
    private int probeRounds;
    private String supersededDetail;
    private ClientCredentials credentials = ClientCredentials.NONE;
    private long challengesAnswered;
    private int rejectedGatewayId;
    private String rejectedDetail;

    private long fencedMessages;
    private long failovers;
    private long probes;
    private long connectRejections;

    /**
     * @param gateways         the publisher to each gateway, by gateway id - 1.
     * @param backoff          between connects to a gateway not heard from, and between rounds of probes.
     * @param connectionStates told of every change of state and of every gateway heard.
     * @param stateCounter     where the state's code is published.
     */
    GatewayFailover(
        final long clientId,
        final IngressPublisher[] gateways,
        final long failoverTimeoutNs,
        final ConnectBackoff backoff,
        final ConnectionStates connectionStates,
        final AtomicCounter stateCounter,
        final long nowNs)
    {
        this.clientId = clientId;
        this.gateways = gateways;
        this.failoverTimeoutNs = failoverTimeoutNs;
        this.backoff = backoff;
        this.connectionStates = connectionStates;
        this.keepAlive = new KeepAlive(failoverTimeoutNs);
        this.stateCounter = stateCounter;
        this.stateChangeNs = nowNs;
        answers = new GatewayAnswers(gateways.length);
        stateCounter.setRelease(state.code());
    }

    /**
     * The one way the state changes: logged once, with its reason, and published in the state counter.
     */
    void state(final SessionState next, final long nowNs, final String reason)
    {
        LOGGER.info("client {}: {} -> {} after {} ms: {} (gateway {}, epoch {})", clientId, state, next,
            TimeUnit.NANOSECONDS.toMillis(nowNs - stateChangeNs), reason, gatewayId, epoch);
        state = next;
        stateChangeNs = nowNs;
        stateCounter.setRelease(next.code());
        if (next == SessionState.CONNECTED)
        {
            probeRounds = 0;
        }
        connectionStates.onSessionState(next, nowNs, reason);
    }

    /**
     * Send ClientConnect where it is due: while connecting, to every reachable gateway; while connected, to those
     * never heard from; while probing or failing over, to all. Starts probing when the active gateway seems gone.
     *
     * @return work done.
     */
    int doWork(final long nowNs, final Unanswered unanswered)
    {
        switch (state)
        {
            case CONNECTING:
                return connectToReachable(nowNs, false);

            case CONNECTED:
                if (!gateways[activeIndex].isConnected())
                {
                    startProbing(nowNs, "the active gateway's ingress is not connected");
                }
                else if (nowNs - lastActiveActivityNs > failoverTimeoutNs &&
                    (unanswered.waitingLongerThan(nowNs, failoverTimeoutNs) || keepAlive.isUnanswered()))
                {
                    startProbing(nowNs, keepAlive.isUnanswered() ?
                        "no answer from the active gateway to a keep-alive within the failover timeout" :
                        "no answer from the active gateway within the failover timeout");
                }
                else
                {
                    // a gateway not running at connect is told of the client once reachable, and every standby
                    // again now and then, so that it can tell the client when it becomes active
                    return sendKeepAlive(nowNs, unanswered) + connectToReachable(nowNs, true);
                }
                return probe(nowNs);

            case PROBING:
            case FAILING_OVER:
                connectionStates.check(nowNs);
                return probe(nowNs);

            default:
                return 0;
        }
    }

    private void startProbing(final long nowNs, final String reason)
    {
        state(SessionState.PROBING, nowNs, reason);
        nextProbeNs = nowNs;
        keepAlive.onHeard();
    }

    private int sendKeepAlive(final long nowNs, final Unanswered unanswered)
    {
        if (keepAlive.isDue(nowNs, lastActiveActivityNs, !unanswered.awaitsAnswer()) &&
            gateways[activeIndex].sendConnect() > 0)
        {
            keepAlive.onSent(nowNs);
            return 1;
        }
        return 0;
    }

    private int connectToReachable(final long nowNs, final boolean onlyUnheard)
    {
        int work = 0;
        for (int i = 0; i < gateways.length; i++)
        {
            if ((!onlyUnheard || i != activeIndex &&
                (answers.heard[i] == ConnectStatus.NULL_VAL ||
                nowNs - answers.lastHeardNs[i] > KeepAlive.MAX_INTERVAL_NS)) &&
                nowNs - answers.nextConnectNs[i] >= 0 && gateways[i].isConnected())
            {
                gateways[i].sendConnect();
                answers.nextConnectNs[i] = nowNs + (answers.heard[i] == ConnectStatus.NULL_VAL ?
                    backoff.delayNs(answers.connectAttempts[i]++) : KeepAlive.MAX_INTERVAL_NS);
                work++;
            }
        }
        return work;
    }

    private int probe(final long nowNs)
    {
        if (nowNs - nextProbeNs < 0)
        {
            return 0;
        }
        for (final IngressPublisher gateway : gateways)
        {
            gateway.sendConnect();
        }
        probes++;
        nextProbeNs = nowNs + backoff.delayNs(probeRounds++);
        return 1;
    }

    /**
     * A ClientConnected for this client.
     */
    Verdict onConnected(
        final int gatewayId,
        final ConnectStatus status,
        final long connectedEpoch,
        final int activeGatewayId,
        final String detail,
        final long nowNs)
    {
        final int index = gatewayId - 1;
        if (index < 0 || index >= gateways.length)
        {
            return Verdict.NONE; // a gateway the client was not configured with: it cannot send to it
        }
        if (hasEnded() || state == SessionState.CLOSED)
        {
            return Verdict.NONE;
        }
        answers.lastHeardNs[index] = nowNs;
        answers.connectAttempts[index] = 0;
        final Verdict verdict = onAnswer(index, gatewayId, status, connectedEpoch, activeGatewayId, detail, nowNs);
        connectionStates.onGatewayHeard(nowNs); // after the answer's own change of state, if it made one
        return verdict;
    }

    private Verdict onAnswer(
        final int index,
        final int gatewayId,
        final ConnectStatus status,
        final long connectedEpoch,
        final int activeGatewayId,
        final String detail,
        final long nowNs)
    {
        switch (status)
        {
            case OK:
                answers.heard[index] = ConnectStatus.OK;
                answers.gatewayEpoch[index] = connectedEpoch;
                return onOk(index, connectedEpoch, nowNs);

            case NOT_ACTIVE:
                answers.heard[index] = ConnectStatus.NOT_ACTIVE;
                answers.gatewayEpoch[index] = connectedEpoch;
                answers.activeHint[index] = activeGatewayId;
                if (index == activeIndex)
                {
                    activeHeard(nowNs);
                    if (connectedEpoch >= epoch)
                    {
                        // the active gateway stepped down: nothing goes to it now, and its epoch is over
                        activeIndex = -1;
                        fenceEpoch = Math.max(fenceEpoch, connectedEpoch);
                        state(SessionState.FAILING_OVER, nowNs, "the active gateway stepped down");
                        nextProbeNs = nowNs;
                    }
                }
                return Verdict.NONE;

            case REJECTED:
                answers.heard[index] = ConnectStatus.REJECTED;
                connectRejections++;
                if (state == SessionState.CONNECTING)
                {
                    rejectedGatewayId = gatewayId;
                    rejectedDetail = detail;
                    return Verdict.NONE;
                }
                return Verdict.REJECTED;

            case SUPERSEDED:
                // sent only over this session's own response publication, when a newer session of the client id
                // took its place: whatever the epoch, this session gets no more answers, and must not take it back
                activeIndex = -1;
                supersededDetail = detail;
                state(SessionState.SUPERSEDED, nowNs, "gateway " + gatewayId + " says: " + detail);
                return Verdict.SUPERSEDED;

            case AUTHENTICATION_FAILED:
            case CLIENT_ID_TAKEN:
                // every gateway reads the same principals and owners: another would say the same, so stop here
                activeIndex = -1;
                supersededDetail = detail;
                state(status == ConnectStatus.AUTHENTICATION_FAILED ? SessionState.AUTHENTICATION_FAILED :
                    SessionState.CLIENT_ID_TAKEN, nowNs, "gateway " + gatewayId + " says: " + detail);
                return Verdict.REFUSED;

            default:
                return Verdict.NONE;
        }
    }

    private Verdict onOk(final int index, final long connectedEpoch, final long nowNs)
    {
        final boolean established = state != SessionState.CONNECTING;
        if (established && connectedEpoch < fenceEpoch)
        {
            fencedMessages++;
            return Verdict.NONE;
        }
        if (established && connectedEpoch == epoch && activeIndex >= 0)
        {
            if (index == activeIndex)
            {
                activeHeard(nowNs);
                if (state == SessionState.PROBING)
                {
                    state(SessionState.CONNECTED, nowNs, "the active gateway answered again in its epoch");
                    return Verdict.SAME_ACTIVE;
                }
            }
            return Verdict.NONE; // another gateway claiming the same epoch is ignored: the first claim stands
        }
        activeIndex = index;
        gatewayId = index + 1;
        epoch = connectedEpoch;
        fenceEpoch = Math.max(fenceEpoch, connectedEpoch);
        activeHeard(nowNs);
        if (established)
        {
            failovers++;
        }
        state(SessionState.CONNECTED, nowNs, established ?
            "another gateway answered OK in a newer epoch" : "a gateway answered OK");
        return Verdict.NEW_ACTIVE;
    }

    /**
     * An answer (response or outcome) from a gateway.
     *
     * @param answerEpoch its epoch, or {@link EgressAdapter#NULL_EPOCH} from a gateway that does not say.
     * @return false when it is fenced: it comes from a gateway that is no longer active.
     */
    boolean acceptAnswer(final long answerEpoch, final long nowNs)
    {
        if (answerEpoch != EgressAdapter.NULL_EPOCH && answerEpoch < fenceEpoch)
        {
            fencedMessages++;
            return false;
        }
        activeHeard(nowNs); // requests go only to the active gateway: an answer is a sign of it
        return true;
    }

    /**
     * A FabricStatus: from the active gateway, a sign of it.
     */
    void onFabricStatus(final int statusGatewayId, final long statusEpoch, final long nowNs)
    {
        if (statusGatewayId == gatewayId && statusEpoch == epoch)
        {
            activeHeard(nowNs);
        }
    }

    private void activeHeard(final long nowNs)
    {
        lastActiveActivityNs = nowNs;
        keepAlive.onHeard();
    }

    /**
     * @return what each gateway said or did not, for the error of a connect that found no active gateway.
     */
    String describe(final List<String> channels, final String responseChannel)
    {
        return answers.describe(gateways, channels, responseChannel);
    }

    SessionState state()
    {
        return state;
    }

    boolean isClosed()
    {
        return state == SessionState.CLOSED;
    }

    /**
     * @return true once a gateway said another session of this client id replaced this one.
     */
    boolean isSuperseded()
    {
        return state == SessionState.SUPERSEDED;
    }

    /**
     * @return true once a gateway superseded the session or refused its credentials or client id: it sends nothing.
     */
    boolean hasEnded()
    {
        return state == SessionState.SUPERSEDED || state == SessionState.AUTHENTICATION_FAILED ||
            state == SessionState.CLIENT_ID_TAKEN;
    }

    /**
     * @param credentials what a ConnectChallenge is answered with.
     */
    void credentials(final ClientCredentials credentials)
    {
        this.credentials = credentials;
    }

    /**
     * A ConnectChallenge from a gateway: answered over that gateway's ingress, whatever the session's state but an
     * end (a standby authenticates the client too, so that it can serve it once it takes over).
     */
    void onChallenge(final int gatewayId, final byte[] challenge)
    {
        final int index = gatewayId - 1;
        if (index < 0 || index >= gateways.length || hasEnded() || state == SessionState.CLOSED)
        {
            return;
        }
        if (gateways[index].sendChallengeResponse(credentials.answer(challenge, clientId, gatewayId)) > 0)
        {
            challengesAnswered++;
        }
    }

    long challengesAnswered()
    {
        return challengesAnswered;
    }

    /**
     * @return what the gateway said when it superseded the session (or refused it), or null.
     */
    String supersededDetail()
    {
        return supersededDetail;
    }

    /**
     * @return the publisher to the active gateway, or null while none is active.
     */
    IngressPublisher active()
    {
        return activeIndex < 0 ? null : gateways[activeIndex];
    }

    /**
     * @return true while the session looks for the active gateway (it stepped down, or fell silent).
     */
    boolean isFailingOver()
    {
        return activeIndex < 0 || state == SessionState.PROBING || state == SessionState.FAILING_OVER;
    }

    long epoch()
    {
        return epoch;
    }

    int gatewayId()
    {
        return gatewayId;
    }

    int gatewayCount()
    {
        return gateways.length;
    }

    /**
     * @return true if every configured gateway has refused the client.
     */
    boolean everyGatewayRefused()
    {
        return answers.everyRefused();
    }

    int rejectedGatewayId()
    {
        return rejectedGatewayId;
    }

    String rejectedDetail()
    {
        return rejectedDetail;
    }

    long fencedMessages()
    {
        return fencedMessages;
    }

    long failovers()
    {
        return failovers;
    }

    long probes()
    {
        return probes;
    }

    /**
     * @return keep-alive ClientConnects sent to the active gateway of an idle session.
     */
    long keepAlives()
    {
        return keepAlive.sent();
    }

    long connectRejections()
    {
        return connectRejections;
    }
}
