package io.hedge.ops;

import io.aeron.Aeron;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.hedge.codecs.ops.AdminRequestEncoder;
import io.hedge.codecs.ops.AdminResponseDecoder;
import io.hedge.codecs.ops.AdminVerb;
import io.hedge.codecs.ops.BooleanType;
import io.hedge.codecs.ops.FabricHealthDecoder;
import io.hedge.codecs.ops.MessageHeaderDecoder;
import io.hedge.codecs.ops.MessageHeaderEncoder;
import io.hedge.codecs.ops.OpsChallengeDecoder;
import io.hedge.codecs.ops.OpsChallengeResponseEncoder;
import io.hedge.codecs.ops.OpsConnectEncoder;
import io.hedge.codecs.ops.OpsConnectStatus;
import io.hedge.codecs.ops.OpsConnectedDecoder;
import io.hedge.codecs.ops.RoleReportDecoder;
import io.hedge.transport.ClientCredentials;
import io.hedge.transport.OpsChannel;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * An operator's tool's session with one gateway's ops port (docs/OPERATIONS.md): {@link #connect} opens it (OpsConnect,
 * the challenge answered with the principal's secret exactly as the client SDK answers a ConnectChallenge, then
 * OpsConnected), {@link #send} asks an admin verb, {@link #poll} hands what the gateway says to an {@link OpsListener}
 * and keeps the session alive. Single-threaded: use it on one thread. Messages are length-checked before decoding;
 * a malformed one is counted ({@link #malformed()}) and dropped.
 */
public final class OpsClient implements AutoCloseable
{
    /** An idle session sends a keep-alive this often; a gateway's ops.session.timeout.ms is at least three of these. */
    public static final long KEEP_ALIVE_INTERVAL_MS = 1_000;

    /**
     * How to reach a gateway.
     *
     * @param opsChannel   the gateway's ops channel ({@link OpsChannel#channel}).
     * @param gatewayId    the gateway's id: an answer to its challenge is bound to it, and errors name it.
     * @param responseHost the address this tool receives on (the media driver picks the port).
     * @param credentials  client.principal and client.secret.file.
     * @param subscribe    ask for the relay of role reports and a FabricHealth every second (needs metrics).
     * @param timeoutMs    how long to wait for the gateway at connect.
     */
    public record Options(
        String opsChannel,
        int gatewayId,
        String responseHost,
        ClientCredentials credentials,
        boolean subscribe,
        long timeoutMs)
    {
    }

    private final Options options;
    private final Subscription subscription;
    private final Publication publication;
    private final long opsClientId;
    private final UnsafeBuffer sendBuffer = new UnsafeBuffer(ByteBuffer.allocateDirect(1024));
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final AdminRequestEncoder requestEncoder = new AdminRequestEncoder();
    private final OpsMessageCheck check = new OpsMessageCheck();
    private final OpsConnectedDecoder connectedDecoder = new OpsConnectedDecoder();
    private final OpsChallengeDecoder challengeDecoder = new OpsChallengeDecoder();
    private final RoleReportDecoder reportDecoder = new RoleReportDecoder();
    private final FabricHealthDecoder healthDecoder = new FabricHealthDecoder();
    private final AdminResponseDecoder responseDecoder = new AdminResponseDecoder();
    private final FragmentAssembler assembler = new FragmentAssembler(this::onMessage);
    private OpsListener listener;
    private long nextCorrelationId = 1;
    private long lastSentNs;
    private long malformed;
    private OpsConnectStatus connectStatus;
    private int gatewayId;
    private int permissions;
    private String connectDetail = "";
    private byte[] pendingChallenge;

    private OpsClient(final Aeron aeron, final Options options)
    {
        this.options = options;
        this.opsClientId = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        Subscription sub = null;
        try
        {
            sub = aeron.addSubscription("aeron:udp?endpoint=" + options.responseHost() + ":0",
                OpsChannel.OPS_RESPONSE_STREAM_ID);
            this.subscription = sub;
            this.publication = aeron.addExclusivePublication(options.opsChannel(), OpsChannel.OPS_STREAM_ID);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(sub);
            throw ex;
        }
    }

    /**
     * Open a session: wait for the gateway, log on, and return once it said OK.
     *
     * @throws OpsException naming the gateway and why, if it does not answer within the timeout or refuses.
     */
    public static OpsClient connect(final Aeron aeron, final Options options)
    {
        final OpsClient client = new OpsClient(aeron, options);
        try
        {
            client.logon();
            return client;
        }
        catch (final RuntimeException ex)
        {
            client.close();
            throw ex;
        }
    }

    private void logon()
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(options.timeoutMs());
        final SleepingMillisIdleStrategy idle = new SleepingMillisIdleStrategy(1);
        String responseChannel = null;
        while (null == responseChannel || !publication.isConnected())
        {
            if (null == responseChannel)
            {
                responseChannel = subscription.tryResolveChannelEndpointPort();
            }
            checkDeadline(deadlineNs, "its ops port (" + options.opsChannel() + ") is not reachable");
            idle.idle();
        }
        final byte[] name = options.credentials().name();
        final OpsConnectEncoder connect = new OpsConnectEncoder().wrapAndApplyHeader(sendBuffer, 0, headerEncoder)
            .opsClientId(opsClientId)
            .responseStreamId(OpsChannel.OPS_RESPONSE_STREAM_ID)
            .subscribe(options.subscribe() ? BooleanType.TRUE : BooleanType.FALSE)
            .responseChannel(responseChannel)
            .putCredentials(name, 0, name.length);
        offer(MessageHeaderEncoder.ENCODED_LENGTH + connect.encodedLength(), deadlineNs);
        final OpsListener none = new OpsListener()
        {
        };
        while (null == connectStatus)
        {
            listener = none;
            if (0 == subscription.poll(assembler, 16))
            {
                checkDeadline(deadlineNs, "no answer to the logon");
                idle.idle();
            }
            if (null != pendingChallenge)
            {
                // OpsChallenge does not name the gateway: the answer is bound to the one this tool meant to reach
                final byte[] answer = options.credentials().answer(pendingChallenge, opsClientId, options.gatewayId());
                pendingChallenge = null;
                final OpsChallengeResponseEncoder response = new OpsChallengeResponseEncoder()
                    .wrapAndApplyHeader(sendBuffer, 0, headerEncoder)
                    .opsClientId(opsClientId)
                    .putResponse(answer, 0, answer.length);
                offer(MessageHeaderEncoder.ENCODED_LENGTH + response.encodedLength(), deadlineNs);
            }
        }
        if (connectStatus != OpsConnectStatus.OK)
        {
            throw new OpsException(gatewayName() + " refused the ops session of " + options.credentials() + ": " +
                connectStatus + (connectDetail.isEmpty() ? "" : " (" + connectDetail + ")"));
        }
    }

    private void checkDeadline(final long deadlineNs, final String what)
    {
        if (System.nanoTime() - deadlineNs > 0)
        {
            throw new OpsException(gatewayName() + " did not answer within " + options.timeoutMs() + " ms: " + what);
        }
    }

    private String gatewayName()
    {
        return 0 == options.gatewayId() ? "the gateway at " + options.opsChannel() :
            "gateway " + options.gatewayId() + " (" + options.opsChannel() + ")";
    }

    private void offer(final int length, final long deadlineNs)
    {
        final SleepingMillisIdleStrategy idle = new SleepingMillisIdleStrategy(1);
        while (publication.offer(sendBuffer, 0, length) < 0)
        {
            checkDeadline(deadlineNs, "its ops port does not take messages");
            idle.idle();
        }
        lastSentNs = System.nanoTime();
    }

    /**
     * Ask an admin verb; its answer comes to {@link OpsListener#onAdminResponse} (or, for STATUS,
     * {@link OpsListener#onFabricHealth}) with the returned correlation id.
     *
     * @param targetGatewayId SWITCHOVER: the gateway to hand over to; 0 otherwise.
     * @return the request's correlation id, or -1 if the gateway's ops port did not take it (try again).
     */
    public long send(final AdminVerb verb, final int targetGatewayId)
    {
        final long correlationId = nextCorrelationId;
        requestEncoder.wrapAndApplyHeader(sendBuffer, 0, headerEncoder)
            .opsClientId(opsClientId)
            .correlationId(correlationId)
            .verb(verb)
            .targetGatewayId(targetGatewayId);
        if (publication.offer(sendBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + requestEncoder.encodedLength()) < 0)
        {
            return -1;
        }
        lastSentNs = System.nanoTime();
        nextCorrelationId++;
        return correlationId;
    }

    /**
     * Hand what arrived to the listener, and send a keep-alive if nothing was sent for a while.
     *
     * @return fragments read.
     */
    public int poll(final OpsListener listener)
    {
        if (System.nanoTime() - lastSentNs > TimeUnit.MILLISECONDS.toNanos(KEEP_ALIVE_INTERVAL_MS))
        {
            send(AdminVerb.KEEP_ALIVE, 0);
        }
        this.listener = listener;
        return subscription.poll(assembler, 16);
    }

    private void onMessage(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        if (OpsMessageCheck.OK != check.check(buffer, offset, length))
        {
            malformed++;
            return;
        }
        final MessageHeaderDecoder h = check.header();
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        switch (h.templateId())
        {
            case RoleReportDecoder.TEMPLATE_ID ->
            {
                reportDecoder.wrap(buffer, body, h.blockLength(), h.version());
                listener.onRoleReport(reportDecoder);
            }
            case FabricHealthDecoder.TEMPLATE_ID ->
            {
                healthDecoder.wrap(buffer, body, h.blockLength(), h.version());
                if (healthDecoder.opsClientId() == opsClientId)
                {
                    listener.onFabricHealth(healthDecoder);
                }
            }
            case AdminResponseDecoder.TEMPLATE_ID ->
            {
                responseDecoder.wrap(buffer, body, h.blockLength(), h.version());
                if (responseDecoder.opsClientId() == opsClientId)
                {
                    listener.onAdminResponse(responseDecoder);
                }
            }
            case OpsConnectedDecoder.TEMPLATE_ID -> onConnected(buffer, body, h);
            case OpsChallengeDecoder.TEMPLATE_ID ->
            {
                challengeDecoder.wrap(buffer, body, h.blockLength(), h.version());
                if (challengeDecoder.opsClientId() == opsClientId && null == connectStatus)
                {
                    final byte[] challenge = new byte[challengeDecoder.challengeLength()];
                    challengeDecoder.getChallenge(challenge, 0, challenge.length);
                    pendingChallenge = challenge;
                }
            }
            default -> malformed++; // a tool-bound stream carries nothing else
        }
    }

    private void onConnected(final DirectBuffer buffer, final int body, final MessageHeaderDecoder h)
    {
        connectedDecoder.wrap(buffer, body, h.blockLength(), h.version());
        if (connectedDecoder.opsClientId() != opsClientId)
        {
            return;
        }
        gatewayId = connectedDecoder.gatewayId();
        permissions = connectedDecoder.permissions();
        final OpsConnectStatus status = connectedDecoder.status();
        connectDetail = connectedDecoder.detail();
        if (null == connectStatus)
        {
            connectStatus = status == OpsConnectStatus.NULL_VAL ? OpsConnectStatus.REJECTED : status;
        }
    }

    /**
     * @return the id of the gateway this session is with, as it said in OpsConnected (or the challenge's binding).
     */
    public int gatewayId()
    {
        return gatewayId;
    }

    /**
     * @return the principal's permissions, as the gateway's Permission bits.
     */
    public int permissions()
    {
        return permissions;
    }

    /**
     * @return what the gateway said with OpsConnected (for example that a subscription was refused).
     */
    public String connectDetail()
    {
        return connectDetail;
    }

    /**
     * @return false once the gateway's ops port no longer takes this session's messages or no longer sends to it (the
     * gateway stopped): connect again, to it or another gateway. A gateway that expired the session while both still
     * connect is seen only as silence: a tool that must know sends STATUS and waits for the answer.
     */
    public boolean isConnected()
    {
        return publication.isConnected() && subscription.isConnected();
    }

    public long opsClientId()
    {
        return opsClientId;
    }

    /**
     * @return messages from the gateway dropped as malformed.
     */
    public long malformed()
    {
        return malformed;
    }

    @Override
    public void close()
    {
        CloseHelper.quietCloseAll(publication, subscription);
    }
}
