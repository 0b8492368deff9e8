package io.hedge.chaos.forge;

import io.aeron.Aeron;
import io.aeron.Subscription;
import io.aeron.driver.ThreadingMode;
import io.hedge.codecs.fabric.ConnectChallengeDecoder;
import io.hedge.codecs.fabric.MessageHeaderDecoder;
import io.hedge.transport.EmbeddedDriver;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The hostile process of a forge window: one kind at a time, for an equal phase of the window, it sends forged
 * messages of that kind to every role the kind targets at {@link ForgePlan#rate()} per second each, and reads the
 * targets' refusal counters before the phase and after it (plus {@link #SETTLE_MS} for the last messages to arrive),
 * writing one {@link ForgePhase} per target. Each phase begins with the setup frames of its sessions,
 * {@link #PRIME_MS} before its first message. Member messages go out as hand-made Aeron frames ({@link RawStream});
 * the logon kinds' challenges come back on a subscription of the forger's own media driver, and each is answered with
 * random bytes. It holds no cluster key and no principal's secret.
 */
public final class Forger implements AutoCloseable
{
    static final long SETTLE_MS = 600;
    /**
     * After the settling, a target that was sent something and has refused nothing yet is read again, every
     * {@link #LATE_POLL_MS}, for up to this long: a replica that was not polling during the phase (cutting its journal
     * in a repair, say) refuses the queued forgeries when it polls again (seen in `hedge chaos --seed 1302`: replica-B
     * refused the vote-requests 1.5 s after their phase, having repaired through it). The phase then ends at the last
     * reading, so a fault that overlaps the longer phase still keeps the target from counting as reached.
     */
    static final long LATE_MS = 3_000;
    static final long LATE_POLL_MS = 100;
    /** Setup frames go out this long before the first message: a receiver drops data before it made the image. */
    static final long PRIME_MS = 250;
    private static final long MIN_PHASE_MS = 300;
    private static final int CHALLENGE_ANSWER_LENGTH = 32;

    private final ForgePlan plan;
    private final PrintStream out;
    private final SplittableRandom random;
    private final DatagramChannel socket;
    private final ForgedMessages messages;
    private final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(2048));
    private final Map<ForgeKind, Long> sentByKind = new EnumMap<>(ForgeKind.class);
    private final Map<Integer, RawStream> ingressByGatewayId = new LinkedHashMap<>();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final ConnectChallengeDecoder challenge = new ConnectChallengeDecoder();
    private EmbeddedDriver driver;
    private Aeron aeron;
    private Subscription challenges;
    private long answersSent;

    public Forger(final ForgePlan plan, final PrintStream out) throws IOException
    {
        this.plan = plan;
        this.out = out;
        this.random = new SplittableRandom(plan.seed());
        this.socket = DatagramChannel.open();
        socket.bind(new InetSocketAddress(plan.host(), 0));
        final byte[] wrongKey = new byte[32];
        for (int i = 0; i < wrongKey.length; i++)
        {
            wrongKey[i] = (byte)random.nextInt(256);
        }
        final List<Integer> gatewayIds = plan.gateways().stream().map(ForgePlan.Gateway::id).toList();
        final List<Integer> replicaIds = plan.replicas().stream().map(ForgePlan.Member::id).toList();
        this.messages = new ForgedMessages(random.split(), wrongKey, gatewayIds, replicaIds);
        for (final ForgePlan.Gateway g : plan.gateways())
        {
            ingressByGatewayId.put(g.id(), new RawStream(socket, new InetSocketAddress(g.host(), g.ingressPort()),
                plan.streams().ingress(), random.split()));
        }
    }

    /**
     * Forge every kind in turn for the window's length.
     *
     * @return the messages sent, by kind.
     */
    public Map<ForgeKind, Long> run() throws IOException, InterruptedException
    {
        openChallenges();
        final ForgeKind[] kinds = ForgeKind.values();
        final long phaseMs = Math.max(MIN_PHASE_MS, plan.lengthMs() / kinds.length - PRIME_MS - SETTLE_MS);
        final Path results = Path.of(plan.results());
        for (final ForgeKind kind : kinds)
        {
            final List<String> lines = new ArrayList<>();
            for (final ForgePhase phase : phase(kind, phaseMs))
            {
                lines.add(phase.line());
            }
            Files.write(results, lines, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        final StringBuilder sb = new StringBuilder("forge window " + plan.window() + " sent:");
        for (final ForgeKind kind : kinds)
        {
            sb.append(' ').append(kind.label()).append('=').append(sentByKind.getOrDefault(kind, 0L));
        }
        sb.append(" (and ").append(answersSent).append(" wrong answers to challenges)");
        out.println(sb);
        out.flush();
        return sentByKind;
    }

    private List<ForgePhase> phase(final ForgeKind kind, final long phaseMs) throws IOException, InterruptedException
    {
        final Map<String, Target> targets = targets(kind);
        final long startWallMs = System.currentTimeMillis();
        final Map<String, Long> before = new LinkedHashMap<>();
        for (final Target target : targets.values())
        {
            before.put(target.name, read(target.aeronDir, kind));
        }
        for (final Target target : targets.values())
        {
            for (final RawStream stream : target.streams)
            {
                stream.setupIfDue(System.nanoTime());
            }
        }
        Thread.sleep(PRIME_MS);
        final long intervalNs = TimeUnit.SECONDS.toNanos(1) / Math.max(1, plan.rate());
        final long endNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(phaseMs);
        long nextNs = System.nanoTime();
        int tick = 0;
        while (System.nanoTime() - endNs < 0)
        {
            final long nowNs = System.nanoTime();
            if (nowNs - nextNs >= 0)
            {
                nextNs += intervalNs;
                for (final Target target : targets.values())
                {
                    for (final RawStream stream : target.streams)
                    {
                        stream.setupIfDue(nowNs);
                        if (send(kind, stream, tick))
                        {
                            target.sent++;
                        }
                    }
                }
                tick++;
            }
            pollChallenges();
            Thread.sleep(1);
        }
        final long settleEndNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_MS);
        while (System.nanoTime() - settleEndNs < 0)
        {
            pollChallenges();
            Thread.sleep(5);
        }
        final Map<String, Long> after = readAfter(kind, targets, before);
        final long endWallMs = System.currentTimeMillis();
        final List<ForgePhase> phases = new ArrayList<>();
        for (final Target target : targets.values())
        {
            sentByKind.merge(kind, target.sent, Long::sum);
            phases.add(new ForgePhase(plan.window(), kind, target.name, startWallMs, endWallMs, target.sent,
                before.get(target.name), after.get(target.name)));
        }
        return phases;
    }

    private Map<String, Long> readAfter(final ForgeKind kind, final Map<String, Target> targets,
        final Map<String, Long> before) throws IOException, InterruptedException
    {
        final Map<String, Long> after = new LinkedHashMap<>();
        final long lateEndNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LATE_MS);
        while (true)
        {
            boolean waiting = false;
            for (final Target target : targets.values())
            {
                final long reading = read(target.aeronDir, kind);
                after.put(target.name, reading);
                final long was = before.get(target.name);
                waiting |= target.sent > 0 && was >= 0 && reading >= 0 && reading <= was;
            }
            if (!waiting || System.nanoTime() - lateEndNs >= 0)
            {
                return after;
            }
            pollChallenges();
            Thread.sleep(LATE_POLL_MS);
        }
    }

    private boolean send(final ForgeKind kind, final RawStream stream, final int tick) throws IOException
    {
        final int length;
        if (kind.member())
        {
            length = messages.member(kind, buffer);
        }
        else
        {
            final List<ForgePlan.Client> clients = plan.clients();
            final ForgePlan.Client victim = clients.get(tick % clients.size());
            final String principal = kind == ForgeKind.CONNECT_ANONYMOUS ? null : otherPrincipal(victim);
            length = messages.connect(buffer, victim.clientId(), plan.streams().client(), responseChannel(),
                principal);
        }
        return stream.send(buffer, length);
    }

    private String otherPrincipal(final ForgePlan.Client victim)
    {
        for (final ForgePlan.Client client : plan.clients())
        {
            if (!client.principal().equals(victim.principal()))
            {
                return client.principal();
            }
        }
        return "nobody";
    }

    private Map<String, Target> targets(final ForgeKind kind)
    {
        final Map<String, Target> targets = new LinkedHashMap<>();
        switch (kind.channel())
        {
            case SEQUENCED ->
            {
                for (final ForgePlan.Member replica : plan.replicas())
                {
                    targets.put(replica.name(), sequencedTarget(replica.name(), replica.aeronDir(), false));
                }
                for (final ForgePlan.Gateway g : plan.gateways())
                {
                    targets.put(g.name(), sequencedTarget(g.name(), g.aeronDir(), true));
                }
            }
            case INBOUND ->
            {
                for (final ForgePlan.Gateway g : plan.gateways())
                {
                    targets.put(g.name(), new Target(g.name(), g.aeronDir(), List.of(new RawStream(socket,
                        new InetSocketAddress(g.host(), g.inboundPort()), plan.streams().responses(),
                        random.split()))));
                }
            }
            case SINK ->
            {
                final ForgePlan.Member sink = plan.sink();
                targets.put(sink.name(), new Target(sink.name(), sink.aeronDir(), List.of(new RawStream(socket,
                    new InetSocketAddress(sink.host(), sink.port()), plan.streams().sink(), random.split()))));
            }
            case INGRESS ->
            {
                for (final ForgePlan.Gateway g : plan.gateways())
                {
                    targets.put(g.name(), new Target(g.name(), g.aeronDir(), List.of(ingressByGatewayId.get(g.id()))));
                }
            }
        }
        return targets;
    }

    /**
     * A role's subscriptions to the gateways' sequenced streams (a replica's) or to the other gateways' standby
     * streams (a gateway's), found in its driver's counters: they listen on ephemeral ports.
     */
    private Target sequencedTarget(final String name, final String aeronDir, final boolean standby)
    {
        final List<RawStream> streams = new ArrayList<>();
        try (RoleCounters counters = RoleCounters.open(Path.of(aeronDir)))
        {
            if (null != counters)
            {
                for (final ForgePlan.Gateway g : plan.gateways())
                {
                    final int port = standby ? g.standbyPort() : g.sequencedPort();
                    for (final RoleCounters.ReceiveSocket s : counters.receiveSockets("control=" + g.host() + ":" + port))
                    {
                        final InetSocketAddress address = address(s.address());
                        if (null != address)
                        {
                            streams.add(new RawStream(socket, address, plan.streams().sequenced(), random.split()));
                        }
                    }
                }
            }
        }
        return new Target(name, aeronDir, streams);
    }

    private static InetSocketAddress address(final String hostAndPort)
    {
        final int colon = hostAndPort.lastIndexOf(':');
        if (colon <= 0)
        {
            return null;
        }
        try
        {
            return new InetSocketAddress(hostAndPort.substring(0, colon),
                Integer.parseInt(hostAndPort.substring(colon + 1)));
        }
        catch (final IllegalArgumentException ex)
        {
            return null;
        }
    }

    private static long read(final String aeronDir, final ForgeKind kind)
    {
        try (RoleCounters counters = RoleCounters.open(Path.of(aeronDir)))
        {
            return null == counters ? -1 : counters.security(kind.refusalCounters());
        }
    }

    private String responseChannel()
    {
        return "aeron:udp?endpoint=" + plan.host() + ":" + plan.responsePort();
    }

    private void openChallenges()
    {
        if (plan.clients().isEmpty())
        {
            return;
        }
        driver = EmbeddedDriver.launch(Path.of(plan.aeronDir()), ThreadingMode.SHARED);
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
        challenges = aeron.addSubscription(responseChannel(), plan.streams().client());
    }

    private void pollChallenges() throws IOException
    {
        if (null != challenges)
        {
            challenges.poll((buffer, offset, length, header) -> onResponse(buffer, offset, length), 16);
        }
    }

    private void onResponse(final DirectBuffer in, final int offset, final int length)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return;
        }
        header.wrap(in, offset);
        if (header.templateId() != ConnectChallengeDecoder.TEMPLATE_ID)
        {
            return;
        }
        challenge.wrapAndApplyHeader(in, offset, header);
        final RawStream ingress = ingressByGatewayId.get(challenge.gatewayId());
        if (null == ingress)
        {
            return;
        }
        final UnsafeBuffer answer = new UnsafeBuffer(new byte[256]);
        final int answerLength = messages.wrongAnswer(answer, challenge.clientId(), CHALLENGE_ANSWER_LENGTH);
        try
        {
            if (ingress.send(answer, answerLength))
            {
                answersSent++;
            }
        }
        catch (final IOException ex)
        {
            // a lost answer is a lost datagram: the gateway times the logon out instead of refusing it
        }
    }

    @Override
    public void close()
    {
        org.agrona.CloseHelper.quietCloseAll(aeron, driver, socket);
    }

    private static final class Target
    {
        private final String name;
        private final String aeronDir;
        private final List<RawStream> streams;
        private long sent;

        private Target(final String name, final String aeronDir, final List<RawStream> streams)
        {
            this.name = name;
            this.aeronDir = aeronDir;
            this.streams = streams;
        }
    }
}
