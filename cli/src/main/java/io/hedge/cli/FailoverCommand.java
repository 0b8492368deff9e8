package io.hedge.cli;

import io.hedge.chaos.failover.FailoverBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code hedge bench failover}: the options of {@link FailoverBench}.
 */
@Command(name = "failover", mixinStandardHelpOptions = true,
    description = {
        "Gateway failover with real processes: three replicas and three gateways (one active, two standbys), each " +
            "its own JVM, default settings, and a client in this JVM under open-loop load of orders and transfers.",
        "Phase 0: the same run with no failover, for comparison. Phase 1: one failover in a run of --duration seconds (the active gateway is killed with SIGKILL halfway); " +
            "prints the latency percentiles of every request of the run, from its scheduled send time.",
        "Phase 2: kills the active gateway with SIGKILL --kills times, restarting each killed gateway as a standby; " +
            "prints the failover time (kill to the client's first answer from the new gateway) of each, its median " +
            "and its maximum, and each failover's client impact: the largest latency of an answer until the next " +
            "failover, less phase 0's median. With --planned, phases 1 and 2 use planned switchovers instead of kills.",
        "After each phase every process is stopped and the replicas' journals are audited: identical on every " +
            "replica, each request exactly once, epochs never falling, total cash conserved. Exit code 0 only if " +
            "every request completed exactly once, as executed, and the audit passed."})
final class FailoverCommand implements Callable<Integer>
{
    @Option(names = "--kills", defaultValue = "20", paramLabel = "N",
        description = "failovers in phase 2 (default: ${DEFAULT-VALUE})")
    int kills;

    @Option(names = "--rate", defaultValue = "1000", paramLabel = "PER_SECOND",
        description = "requests per second, open loop (default: ${DEFAULT-VALUE})")
    int rate;

    @Option(names = "--duration", defaultValue = "20", paramLabel = "SECONDS",
        description = "length of the phase 1 run (default: ${DEFAULT-VALUE})")
    int durationSeconds;

    @Option(names = "--settle", defaultValue = "1500", paramLabel = "MS",
        description = "load between two kills in phase 2 (default: ${DEFAULT-VALUE})")
    long settleMs;

    @Option(names = "--planned", description = "planned switchovers instead of kills: phases 1 and 2 ask the active " +
        "gateway to hand over to the next (hedge admin switchover over its ops port) rather than killing it")
    boolean planned;

    @Option(names = "--dir", defaultValue = "hedge-work/failover", paramLabel = "DIR",
        description = "working directory; kept after the run for its logs (default: ${DEFAULT-VALUE})")
    Path dir;

    @Override
    public Integer call() throws Exception
    {
        final FailoverBench bench = new FailoverBench(dir, kills, rate, durationSeconds, settleMs, planned,
            HarnessSettings::defaults, HedgeCommand.class.getName(), System.out);
        return bench.run() ? 0 : 1;
    }
}
