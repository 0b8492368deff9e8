package io.hedge.cli;

import io.hedge.chaos.net.Netns;
import io.hedge.chaos.run.ChaosOptions;
import io.hedge.chaos.run.ChaosRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code hedge chaos}: the options of {@link ChaosRun}.
 */
@Command(name = "chaos", mixinStandardHelpOptions = true,
    description = {
        "Run Hedge at three sites on this machine under a seeded nemesis and check that it keeps its promises. " +
            "Needs root: every role (gateways 1-3 and replicas A, B, C, one per site; the clients; the effects sink) " +
            "is a process in a network namespace of its own (198.18.0.0/15 addresses that exist only inside them), " +
            "and each gateway's and replica's directory is a small tmpfs.",
        "Faults (--faults): kill (kill -9, restarted at the end), pause (SIGSTOP/SIGCONT), isolate-site, " +
            "split-halves, split-active-pair, cut-gateways, one-way (network partitions by routes), loss (on a " +
            "replica's receive path), slow (a replica's engine), disk-full (a role's tmpfs), forge (a hostile process " +
            "in a namespace of its own, holding no member key and no client secret, sends forged heartbeats, votes, " +
            "statuses, responses, effects, epoch jumps and logons for a few seconds; only with --secure). The first " +
            "3 s and the last tenth of the run (at least 10 s) are free of faults.",
        "Afterwards every process is stopped and the checkers run: (a) acknowledged requests in every replica's " +
            "journal once, at one seq; (b) nothing executed twice, nothing NOT_EXECUTED executed later; (c) the " +
            "replicas converge; (d) the bank: cash conserved, no negative account; (e) every submit completed once; " +
            "(f) the sink holds exactly the journal's effects; (g) availability after the last fault; with forge, " +
            "(h) forgeries: every kind of forgery was counted as refused by the roles it reached.",
        "Prints the seed, a progress line every 5 s and the report; keeps the run directory (histories, nemesis " +
            "log, every role's log, the replicas' journals, summary.txt) under --dir. Exit code 0 only if every " +
            "checker passed; 1 if one failed; 2 on a usage error (or without root)."})
final class ChaosCommand implements Callable<Integer>
{
    @Option(names = "--seed", paramLabel = "N",
        description = "seed of the nemesis schedule and the workloads; the same seed gives the same run's plan " +
            "(default: a random one, printed)")
    Long seed;

    @Option(names = "--duration", defaultValue = "60", paramLabel = "SECONDS",
        description = "length of the run, at least 20 (default: ${DEFAULT-VALUE})")
    int durationSeconds;

    @Option(names = "--faults", defaultValue = "all", paramLabel = "KINDS",
        description = "'all' or fault kinds, comma separated, as listed above (default: ${DEFAULT-VALUE})")
    String faults;

    @Option(names = "--one-of-each",
        description = "one fault of each chosen kind, one at a time, in a seeded order, instead of a random mix")
    boolean oneOfEach;

    @Option(names = "--clients", defaultValue = "3", paramLabel = "N",
        description = "client processes, each with its own client id (default: ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--rate", defaultValue = "50", paramLabel = "PER_SECOND",
        description = "requests per second of each client, open loop (default: ${DEFAULT-VALUE})")
    int rate;

    @Option(names = "--dir", defaultValue = "hedge-work/chaos", paramLabel = "DIR",
        description = "where the run directory is made (default: ${DEFAULT-VALUE})")
    Path dir;

    @Option(names = "--keep",
        description = "also keep every gateway's and replica's whole directory (gateway journals, snapshots); " +
            "by default only the replicas' journals are kept")
    boolean keep;

    @Option(names = "--secure", negatable = true,
        description = "run the fabric with a member key and client authentication (a principals file, one " +
            "principal per client), written to the run directory's secrets/; the forge nemesis needs it. " +
            "Default: " + (ChaosOptions.DEFAULT_SECURE ? "--secure" : "--no-secure (this build has no " +
            "authentication yet)"))
    Boolean secure;

    @Override
    public Integer call() throws Exception
    {
        if (!Netns.isRoot())
        {
            System.err.println("hedge: " + Netns.notRootMessage());
            return 2;
        }
        final long runSeed = null != seed ? seed : new java.security.SecureRandom().nextLong() & Long.MAX_VALUE;
        final ChaosOptions options = new ChaosOptions(runSeed, durationSeconds, faults, oneOfEach, clients, rate, dir,
            keep, null == secure ? ChaosOptions.DEFAULT_SECURE : secure);
        final boolean passed = new ChaosRun(options, HarnessSettings::defaults, HedgeCommand.class.getName(), System.out)
            .run();
        return passed ? 0 : 1;
    }
}
