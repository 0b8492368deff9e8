package io.hedge.cli;

import io.aeron.Aeron;
import io.hedge.chaos.EffectSink;
import io.hedge.chaos.check.EffectLog;
import io.hedge.ops.RoleHistograms;
import io.hedge.ops.RoleReporter;
import io.hedge.transport.GatewayEndpoints;
import io.hedge.transport.MemberSealing;
import io.hedge.transport.SecurityCounters;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.CompositeAgent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * The sample external effects sink as a process of its own.
 */
@Command(name = "sink", mixinStandardHelpOptions = true,
    description = {
        "Run the sample external effects sink (the exchange of the seeds' example) on sink.host:sink.port: it takes " +
            "each external effect (the sample engine's ExchangeOrder) from the active gateway, tells a newly active " +
            "gateway how far it has got, and drops effects from a lower epoch.",
        "Each effect must follow the last by its count and previousSeq: one after a gap is refused and the sink's " +
            "position reported to the gateway, which resumes from it; a restarted sink announces its position.",
        "Prints a line a second: effects accepted, the last (seq, index), effects received twice, stale ones " +
            "dropped and gaps refused. Runs until stopped with SIGTERM or Ctrl-C."})
final class SinkCommand implements Callable<Integer>
{
    /** The sink's name in its security counters' labels (contract 2), as {@link EffectSink#roleName()}. */
    static final String SINK_ROLE_NAME = "hedge-effect-sink";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SinkCommand.class);

    @Mixin
    ConfigOptions options;

    @Option(names = "--effects", paramLabel = "FILE",
        description = "also write every effect the sink accepts to FILE, a line each (seq, index, CRC of its bytes), " +
            "appended to: the effect log hedge chaos checks against the final journal. A sink restarted with the " +
            "same FILE resumes from its last line, as an exchange adapter that persists its position would")
    Path effects;

    @Override
    public Integer call() throws Exception
    {
        final HedgeConfig config = options.load();
        final int port = config.sinkPort();
        if (port <= 0)
        {
            throw new IllegalArgumentException("setting 'sink.port' must name the sink's UDP port, got " + port);
        }
        final byte[] memberKey = config.memberKey(); // a bad key file is bad configuration: before anything starts
        final RoleRuntime runtime = new RoleRuntime(config, "sink");
        final Aeron aeron = runtime.closeOnFailure(
            () -> Aeron.connect(new Aeron.Context().aeronDirectoryName(runtime.aeronDir())));
        final java.util.List<EffectLog.Entry> before = null != effects && java.nio.file.Files.exists(effects) ?
            EffectLog.read(effects) : java.util.List.of();
        final EffectLog effectLog = null == effects ? null : new EffectLog(effects);
        final EffectSink sink;
        SecurityCounters securityCounters = null;
        try
        {
            // in the sink's media driver, readable by another process as those of every role
            securityCounters = SecurityCounters.allocate(aeron, SINK_ROLE_NAME);
            if (null == memberKey)
            {
                LOG.warn("{}: member authentication is off (member.key.file is not set): any process that can send " +
                    "UDP to the sink's port can send it effects", SINK_ROLE_NAME);
            }
            sink = new EffectSink(aeron, GatewayEndpoints.sinkChannel(config.sinkHost(), port), config.sinkStreamId(),
                config.gatewayEndpoints().stream().map(GatewayEndpoints::inboundChannel).toList(),
                config.gatewayContext(runtime.aeronDir()).replicaStreamId(),
                new MemberSealing(memberKey, securityCounters.memberMessagesRejected(), SINK_ROLE_NAME), effectLog,
                securityCounters.malformedMessagesDropped());
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(securityCounters, aeron, runtime, effectLog);
            throw ex;
        }
        final SecurityCounters counters = securityCounters;
        final RoleReporter reporter;
        try
        {
            // the sink's reports, to every gateway's ops port, run on the sink's own thread
            reporter = RoleReporter.open(aeron, config.reportingSettings(), new SinkReport(sink), new RoleHistograms(),
                new MemberSealing(memberKey, securityCounters.memberMessagesRejected(), SINK_ROLE_NAME), "hedge sink",
                "sink");
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(securityCounters, aeron, runtime, effectLog);
            throw ex;
        }
        if (!before.isEmpty())
        {
            final EffectLog.Entry last = before.get(before.size() - 1);
            sink.resumeFrom(last.seq(), last.index(), last.count());
            System.out.printf("hedge sink: resuming after seq %d index %d, the last effect in %s%n", last.seq(),
                last.index(), effects);
        }
        final AgentRunner runner = new AgentRunner(config.idleStrategy().get(), Throwable::printStackTrace, null,
            new CompositeAgent(sink, reporter));
        AgentRunner.startOnThread(runner);
        System.out.printf("hedge sink on %s:%d stream %d%n", config.sinkHost(), port, config.sinkStreamId());
        final Thread progress = new Thread(() ->
        {
            while (!Thread.currentThread().isInterrupted())
            {
                try
                {
                    Thread.sleep(1_000);
                }
                catch (final InterruptedException ex)
                {
                    return;
                }
                System.out.printf("sink: %,d effects accepted, last seq %d index %d, epoch %d; %,d received twice, " +
                    "%,d stale dropped, %,d gaps refused%n", sink.accepted(), sink.lastSeq(), sink.lastIndex(),
                    sink.epoch(), sink.duplicates(), sink.staleEffects(), sink.gaps());
            }
        }, "hedge-sink-progress");
        progress.setDaemon(true);
        progress.start();
        runtime.awaitShutdown(() ->
        {
            progress.interrupt();
            CloseHelper.quietCloseAll(runner, counters, aeron, effectLog);
        });
        return 0;
    }
}
