package io.hedge.cli;

import io.hedge.codecs.ops.AdminVerb;
import io.hedge.codecs.ops.FabricHealthDecoder;
import io.hedge.ops.OpsClient;
import io.hedge.ops.OpsException;
import io.hedge.ops.OpsListener;
import io.hedge.transport.GatewayEndpoints;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code hedge status}: one gateway's view of the whole fabric, over its ops port (docs/OPERATIONS.md).
 */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = {
        "Ask a gateway's ops port how every gateway and replica is doing, and print it with the open alarms.",
        "Asks gateway 1, then the others in turn if it does not answer (or only --gateway G). Logs on as " +
            "client.principal with client.secret.file (docs/SECURITY.md); needs the status permission.",
        "Exit code: 0 healthy (every role UP); 1 degraded (a role is not UP, but a gateway is active and fewer " +
            "than a majority of the replicas are DOWN); 2 down (no gateway answered, no active gateway, or a " +
            "majority of the replicas DOWN) or bad input."})
final class StatusCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions options;

    @Option(names = "--gateway", paramLabel = "G", description = "ask only this gateway (default: 1, then the others)")
    int gatewayId;

    @Option(names = "--watch", paramLabel = "N", description = "print again every N seconds until interrupted")
    int watchSeconds;

    @Option(names = "--count", paramLabel = "K", description = "with --watch: stop after K reports")
    int count;

    @Option(names = "--json", description = "print one JSON object per report, on one line")
    boolean json;

    @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "3000",
        description = "how long to wait for each gateway (default: ${DEFAULT-VALUE})")
    long timeoutMs;

    @Override
    public Integer call() throws InterruptedException
    {
        if (watchSeconds < 0 || count < 0 || timeoutMs <= 0)
        {
            throw new IllegalArgumentException("--watch and --count must not be negative and --timeout-ms must be " +
                "positive");
        }
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        try (OpsTool tool = new OpsTool(options.load(), gatewayId))
        {
            int reports = 0;
            int verdict;
            OpsClient session = null;
            try
            {
                while (true)
                {
                    final List<String> failures = new ArrayList<>();
                    FabricStatus status = null;
                    if (null != session)
                    {
                        status = ask(session, failures);
                        if (null == status)
                        {
                            session.close();
                            session = null;
                        }
                    }
                    for (int i = 0; null == status && i < tool.gateways().size(); i++)
                    {
                        final GatewayEndpoints gateway = tool.gateways().get(i);
                        try
                        {
                            session = tool.connect(gateway, false, timeoutMs);
                            status = ask(session, failures);
                        }
                        catch (final OpsException ex)
                        {
                            failures.add(ex.getMessage());
                        }
                        if (null == status && null != session)
                        {
                            session.close();
                            session = null;
                        }
                    }
                    verdict = print(status, failures, out, err);
                    reports++;
                    if (0 == watchSeconds || (count > 0 && reports >= count))
                    {
                        return verdict;
                    }
                    keepAlive(session, TimeUnit.SECONDS.toMillis(watchSeconds));
                }
            }
            finally
            {
                if (null != session)
                {
                    session.close();
                }
            }
        }
    }

    private int print(final FabricStatus status, final List<String> failures, final PrintWriter out,
        final PrintWriter err)
    {
        if (null == status)
        {
            final String error = "no gateway answered: " + OpsTool.joined(failures);
            if (json)
            {
                out.println(StatusJson.unanswered(error));
            }
            else
            {
                out.println("fabric: down (" + error + ")");
            }
            out.flush();
            err.println("hedge status: " + error);
            err.flush();
            return FabricStatus.DOWN;
        }
        out.print(json ? StatusJson.render(status) + System.lineSeparator() : StatusText.render(status));
        out.flush();
        return status.verdict();
    }

    /**
     * @return the gateway's FabricHealth, or null (and why, in failures) if it did not answer in time.
     */
    private FabricStatus ask(final OpsClient session, final List<String> failures) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        long correlationId = -1;
        final FabricStatus[] answer = new FabricStatus[1];
        final long[] wanted = new long[1];
        final OpsListener listener = new OpsListener()
        {
            @Override
            public void onFabricHealth(final FabricHealthDecoder health)
            {
                if (health.correlationId() == wanted[0])
                {
                    answer[0] = FabricStatus.of(health);
                }
            }
        };
        while (null == answer[0] && System.nanoTime() - deadline < 0)
        {
            if (correlationId < 0)
            {
                correlationId = session.send(AdminVerb.STATUS, 0);
                wanted[0] = correlationId;
            }
            if (0 == session.poll(listener))
            {
                Thread.sleep(1);
            }
        }
        if (null == answer[0])
        {
            failures.add("gateway " + session.gatewayId() + " did not answer STATUS within " + timeoutMs + " ms");
        }
        return answer[0];
    }

    private static void keepAlive(final OpsClient session, final long forMs) throws InterruptedException
    {
        final long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(forMs);
        final OpsListener ignore = new OpsListener()
        {
        };
        while (System.nanoTime() - until < 0)
        {
            if (null != session)
            {
                session.poll(ignore);
            }
            Thread.sleep(10);
        }
    }
}
