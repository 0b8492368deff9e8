package io.hedge.cli;

import io.hedge.codecs.ops.AdminResponseDecoder;
import io.hedge.codecs.ops.AdminResult;
import io.hedge.codecs.ops.AdminVerb;
import io.hedge.ops.OpsClient;
import io.hedge.ops.OpsException;
import io.hedge.ops.OpsListener;
import io.hedge.transport.GatewayEndpoints;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code hedge admin VERB}: one admin verb over a gateway's ops port (docs/OPERATIONS.md), its answer printed.
 */
@Command(name = "admin", mixinStandardHelpOptions = true,
    description = {
        "Ask the active gateway, over its ops port, to snapshot, suspend, resume, shut down or switch over the " +
            "fabric, or list the open alarms; print its answer on one line (alarms: one more line each).",
        "Asks gateway 1, then the others in turn if it does not answer or does not lead (or only --gateway G). " +
            "Logs on as client.principal with client.secret.file; every verb needs the admin permission but " +
            "alarms, which needs status.",
        "Exit code: 0 when the answer is OK, 1 otherwise (refused, failed, no answer), 2 on bad input."})
final class AdminCommand implements Callable<Integer>
{
    /** The verbs a person may ask, by the name on the command line. */
    enum Verb
    {
        snapshot(AdminVerb.SNAPSHOT),
        suspend(AdminVerb.SUSPEND),
        resume(AdminVerb.RESUME),
        shutdown(AdminVerb.SHUTDOWN),
        switchover(AdminVerb.SWITCHOVER),
        alarms(AdminVerb.ALARMS);

        final AdminVerb verb;

        Verb(final AdminVerb verb)
        {
            this.verb = verb;
        }
    }

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions options;

    @Parameters(index = "0", paramLabel = "VERB",
        description = "one of: ${COMPLETION-CANDIDATES}")
    Verb verb;

    @Option(names = "--to", paramLabel = "G", description = "switchover: the gateway to hand the active role to")
    int targetGatewayId;

    @Option(names = "--gateway", paramLabel = "G", description = "ask only this gateway (default: 1, then the others)")
    int gatewayId;

    @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "3000",
        description = "how long to wait for a gateway to accept the session (default: ${DEFAULT-VALUE})")
    long connectTimeoutMs;

    @Option(names = "--answer-timeout-ms", paramLabel = "MS", defaultValue = "60000",
        description = "how long to wait for the verb's answer; a snapshot or shutdown takes as long as the replicas " +
            "need (default: ${DEFAULT-VALUE})")
    long answerTimeoutMs;

    @Override
    public Integer call() throws InterruptedException
    {
        if (verb == Verb.switchover && targetGatewayId <= 0)
        {
            throw new IllegalArgumentException("switchover needs --to G, the gateway to hand the active role to");
        }
        if (verb != Verb.switchover && 0 != targetGatewayId)
        {
            throw new IllegalArgumentException("--to is for switchover only");
        }
        if (connectTimeoutMs <= 0 || answerTimeoutMs <= 0)
        {
            throw new IllegalArgumentException("--timeout-ms and --answer-timeout-ms must be positive");
        }
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final HedgeConfig config = options.load();
        if (targetGatewayId > config.gatewayEndpoints().size())
        {
            throw new IllegalArgumentException("--to must be between 1 and gateway.count (" +
                config.gatewayEndpoints().size() + "), got " + targetGatewayId);
        }
        final List<String> failures = new ArrayList<>();
        try (OpsTool tool = new OpsTool(config, gatewayId))
        {
            for (final GatewayEndpoints gateway : tool.gateways())
            {
                final Answer answer;
                try (OpsClient session = tool.connect(gateway, false, connectTimeoutMs))
                {
                    answer = ask(session);
                }
                catch (final OpsException ex)
                {
                    failures.add(ex.getMessage());
                    continue;
                }
                if (null == answer)
                {
                    // the verb may be under way: asking another gateway could do it twice
                    err.println("hedge admin: gateway " + gateway.gatewayId() + " did not answer " +
                        verb.name() + " within " + answerTimeoutMs + " ms");
                    err.flush();
                    return FailureReporter.FAILURE;
                }
                out.println(answer.line());
                out.flush();
                if (answer.result() == AdminResult.NOT_ACTIVE && 0 == gatewayId)
                {
                    continue; // it does not lead: the next gateway may
                }
                return answer.result() == AdminResult.OK ? 0 : FailureReporter.FAILURE;
            }
        }
        err.println("hedge admin: " + (failures.isEmpty() ? "no gateway leads" :
            "no gateway answered: " + OpsTool.joined(failures)));
        err.flush();
        return FailureReporter.FAILURE;
    }

    private record Answer(AdminResult result, String line)
    {
    }

    private Answer ask(final OpsClient session) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(answerTimeoutMs);
        final Answer[] answer = new Answer[1];
        final long[] wanted = {-1};
        final OpsListener listener = new OpsListener()
        {
            @Override
            public void onAdminResponse(final AdminResponseDecoder response)
            {
                if (response.correlationId() == wanted[0])
                {
                    answer[0] = answerOf(response);
                }
            }
        };
        while (null == answer[0] && System.nanoTime() - deadline < 0)
        {
            if (wanted[0] < 0)
            {
                wanted[0] = session.send(verb.verb, targetGatewayId);
            }
            if (0 == session.poll(listener))
            {
                Thread.sleep(1);
            }
        }
        return answer[0];
    }

    private static Answer answerOf(final AdminResponseDecoder response)
    {
        final AdminVerb verb = response.verb();
        final AdminResult result = response.result();
        final int gatewayId = response.gatewayId();
        final long seq = response.seq();
        final String detail = response.detail();
        final StringBuilder line = new StringBuilder()
            .append("gateway ").append(gatewayId).append(": ").append(verb.name().toLowerCase(Locale.ROOT))
            .append(' ').append(result.name());
        if (0 != seq)
        {
            line.append(" (seq ").append(seq).append(')');
        }
        if (!detail.isEmpty())
        {
            line.append(verb == AdminVerb.ALARMS ? System.lineSeparator() : ": ").append(detail);
        }
        return new Answer(result, line.toString());
    }
}
