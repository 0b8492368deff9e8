package io.hedge.cli;

import io.hedge.gateway.Durability;
import io.hedge.perf.cluster.EchoCluster;
import io.hedge.perf.compare.BenchHarness;
import io.hedge.perf.compare.CompareBench;
import io.hedge.perf.compare.HedgeVariant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Benchmarks that compare Hedge with other systems.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmarks of Hedge on this machine: against other systems, and of gateway failover.",
    subcommands = {BenchCommand.Compare.class, FailoverCommand.class, CommandLine.HelpCommand.class})
final class BenchCommand implements Runnable
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run()
    {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * Hedge side by side with Aeron Cluster.
     */
    @Command(name = "compare", mixinStandardHelpOptions = true,
        description = {
            "Side by side with Aeron Cluster: start Hedge (a gateway and three replicas, each its own process) and " +
                "drive it open loop with 64-byte NewOrder requests at each rate, stop it, then start a three-node " +
                "Aeron Cluster echo service (Aeron's sample EchoServiceNode from the aeron-all jar, each node its " +
                "own process) and drive it with 64-byte messages at the same rates. Every process has an embedded " +
                "media driver in SHARED threading with backoff idle strategies. Then the floor: one raw Aeron UDP " +
                "round trip between two processes (a pong process and a ping in this one), each with the same " +
                "embedded driver, 64-byte messages at the same rates; with --shared-driver, also Hedge with one " +
                "'hedge driver' process for all its roles and the client (driver=external).",
            "Prints the percentile tables and the ratios Hedge/Aeron Cluster and Hedge/floor per percentile for " +
                "every rate; with --sick, a run in which replica A (for Aeron Cluster: the leader) is paused with " +
                "SIGSTOP for 50 ms every second; with --sweep, the highest rate each sustains with p99 under 10 ms.",
            "Latency is timed from each request's scheduled send time (coordinated-omission corrected). Each run " +
                "writes an HdrHistogram interval log into --dir. Exit code 0 only if every request of every run " +
                "was answered correctly (Hedge: replicas converged; Aeron Cluster and the floor: every echo equal to " +
                "its message)."})
    static final class Compare implements Callable<Integer>
    {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--rates", defaultValue = "2000,10000", split = ",", paramLabel = "PER_SECOND",
            description = "request rates to compare at, open loop (default: ${DEFAULT-VALUE})")
        List<Integer> rates;

        @Option(names = "--duration", defaultValue = "20", paramLabel = "SECONDS",
            description = "measured seconds of each run, after the warm-up (default: ${DEFAULT-VALUE})")
        int durationSeconds;

        @Option(names = "--warmup", defaultValue = "5", paramLabel = "SECONDS",
            description = "seconds of load before measuring in each run (default: ${DEFAULT-VALUE})")
        int warmupSeconds;

        @Option(names = "--sweep", description = "also find the highest rate each system sustains with p99 under " +
            "10 ms, stepping through --sweep-rates until p99 reaches 10 ms or a request goes unanswered")
        boolean sweep;

        @Option(names = "--sweep-rates", split = ",", paramLabel = "PER_SECOND",
            defaultValue = "2000,5000,10000,15000,20000,30000,40000,50000,75000,100000",
            description = "rates of the sweep, in order (default: ${DEFAULT-VALUE})")
        List<Integer> sweepRates;

        @Option(names = "--sweep-duration", defaultValue = "10", paramLabel = "SECONDS",
            description = "measured seconds of each sweep run (default: ${DEFAULT-VALUE})")
        int sweepDurationSeconds;

        @Option(names = "--sick", description = "also a run at --sick-rate in which replica A (Aeron Cluster: the " +
            "leader) is paused with SIGSTOP for 50 ms every second")
        boolean sick;

        @Option(names = "--sick-rate", defaultValue = "2000", paramLabel = "PER_SECOND",
            description = "rate of the sick run (default: ${DEFAULT-VALUE})")
        int sickRate;

        @Option(names = "--cluster-idle", defaultValue = "hedge", paramLabel = "hedge|aeron",
            description = "idle strategy of the Aeron Cluster nodes' agents: 'hedge' backs off as Hedge does " +
                "(parks up to 100 us), 'aeron' is Aeron's default backoff (parks up to 1 ms) " +
                "(default: ${DEFAULT-VALUE})")
        String clusterIdle;

        @Option(names = "--seed", defaultValue = "42", description = "seed of the Hedge request generator " +
            "(default: ${DEFAULT-VALUE})")
        long seed;

        @Option(names = "--also-durability", paramLabel = "DURABILITY",
            description = "also run Hedge with this gateway durability (first, majority or quorum:K) in the same " +
                "compare, printed as a third row with its ratio to the default")
        String alsoDurability;

        @Option(names = "--also-set", paramLabel = "KEY=VALUE", split = ",",
            description = "also run Hedge with these settings changed (keys as `hedge settings` lists them) in the " +
                "same compare, printed as a third row with its ratio to the default; combines with " +
                "--also-durability into one variant, e.g. --also-set member.key.file=/path/to/key")
        List<String> alsoSet = new ArrayList<>();

        @Option(names = "--shared-driver", description = "also run Hedge with one shared media driver for all its " +
            "processes (a 'hedge driver' process the compare starts and stops; roles with driver=external), " +
            "printed as the row 'Hedge 1 driver' with its ratios to the default (one driver per process) and to " +
            "the floor measured the same way ('floor 1 driver': ping and pong on one hedge driver)")
        boolean sharedDriver;

        @Option(names = "--shared-driver-threading", defaultValue = "SHARED",
            paramLabel = "SHARED|SHARED_NETWORK|DEDICATED",
            description = "threading of that shared driver, as 'hedge driver --threading' (default: ${DEFAULT-VALUE})")
        String sharedDriverThreading;

        @Option(names = "--no-floor", description = "skip the floor (the raw Aeron round trip and its rows)")
        boolean noFloor;

        @Option(names = "--verbose", description = "print a progress line per second of every run")
        boolean verbose;

        @Option(names = "--dir", defaultValue = "hedge-work/bench", paramLabel = "DIR",
            description = "working directory: logs, journals and histogram logs; the entries a compare creates " +
                "are wiped at start (default: ${DEFAULT-VALUE})")
        Path dir;

        @Override
        public Integer call() throws Exception
        {
            final List<Integer> checked = new ArrayList<>();
            for (final int rate : rates)
            {
                checked.add(checkRate(rate, "--rates"));
            }
            if (durationSeconds <= 0 || sweepDurationSeconds <= 0)
            {
                throw new IllegalArgumentException("--duration and --sweep-duration must be at least 1 second");
            }
            if (warmupSeconds < 0)
            {
                throw new IllegalArgumentException("--warmup cannot be negative, got " + warmupSeconds);
            }
            for (final int rate : sweepRates)
            {
                checkRate(rate, "--sweep-rates");
            }
            checkRate(sickRate, "--sick-rate");
            final EchoCluster.Idle idle = EchoCluster.Idle.of(clusterIdle);
            if (!List.of("SHARED", "SHARED_NETWORK", "DEDICATED").contains(sharedDriverThreading))
            {
                throw new IllegalArgumentException("--shared-driver-threading must be SHARED, SHARED_NETWORK or " +
                    "DEDICATED, got '" + sharedDriverThreading + "'");
            }
            final CompareBench bench = new CompareBench(dir, checked, durationSeconds, warmupSeconds,
                sweep ? sweepRates : List.of(), sweepDurationSeconds, sick ? sickRate : 0, idle, seed, variant(),
                sharedDriver, sharedDriverThreading, !noFloor, verbose, spec.commandLine().getOut(),
                new BenchHarness(new ChaosBenchProcesses(), HarnessSettings::defaults, HedgeCommand.class.getName()));
            return bench.run() ? 0 : 1;
        }

        /**
         * @return the variant --also-durability and --also-set describe, checked now rather than after the first
         * block's minutes; null if neither is given.
         */
        private HedgeVariant variant()
        {
            final Map<String, String> settings = new LinkedHashMap<>();
            if (null != alsoDurability)
            {
                Durability.parse(alsoDurability);
                settings.put("gateway.durability", alsoDurability);
            }
            for (final String pair : alsoSet)
            {
                final int equals = pair.indexOf('=');
                if (equals <= 0)
                {
                    throw new IllegalArgumentException("--also-set takes KEY=VALUE, got '" + pair + "'");
                }
                final String key = pair.substring(0, equals);
                if (!HedgeConfig.KEYS.containsKey(key) && !key.startsWith(HedgeConfig.AERON_PREFIX) &&
                    !key.startsWith(HedgeConfig.APP_PREFIX))
                {
                    throw new IllegalArgumentException("--also-set: unknown setting '" + key +
                        "' (see hedge settings)");
                }
                if (null != settings.put(key, pair.substring(equals + 1)))
                {
                    throw new IllegalArgumentException("--also-set: '" + key + "' is given twice (or also by " +
                        "--also-durability)");
                }
            }
            if (settings.isEmpty())
            {
                return null;
            }
            final String name = null != alsoDurability && alsoSet.isEmpty() ? alsoDurability :
                String.join(",", null == alsoDurability ? alsoSet : prepend("gateway.durability=" + alsoDurability));
            return new HedgeVariant(name, settings);
        }

        private List<String> prepend(final String first)
        {
            final List<String> all = new ArrayList<>();
            all.add(first);
            all.addAll(alsoSet);
            return all;
        }

        private static int checkRate(final int rate, final String option)
        {
            if (rate <= 0 || rate > 1_000_000)
            {
                throw new IllegalArgumentException(option + " must be between 1 and 1,000,000 per second, got " + rate);
            }
            return rate;
        }
    }
}
