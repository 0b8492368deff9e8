package io.hedge.chaos.run;

import io.hedge.chaos.RoleProcess;
import io.hedge.chaos.net.ChaosTopology;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The processes of a chaos run, one per role, each in its role's namespace of the {@link ChaosTopology}: the
 * {@link Fabric} the nemesis acts on. A role is started from its {@link Launch} (the same command every time), its
 * output in a log of its own per start ({@code gateway-2.log}, then {@code gateway-2.2.log} after a restart, so that
 * a restart never overwrites what the killed process said). The active gateway is read from the gateways' logs: the
 * last state change a live gateway logged ("gateway 2: CANDIDATE_FILL -> LEADER_WARMUP: ACTIVE in epoch 3 ...").
 * {@link #close()} kills whatever is still running.
 */
public final class ChaosFabric implements Fabric, AutoCloseable
{
    /** The exit code of a role that could not write its journal ({@code io.hedge.transport.Terminator}). */
    public static final int JOURNAL_FAILURE_EXIT_CODE = 75;

    /**
     * How a role is started.
     *
     * @param mainClass the class to run, with the orchestrator's class path.
     * @param args      its arguments.
     * @param jvmArgs   more JVM arguments (fault hooks, log level).
     * @param directory the role's own directory ({@link Fabric#roleDirectory}).
     */
    public record Launch(String mainClass, List<String> args, List<String> jvmArgs, Path directory)
    {
    }

    private static final Pattern STATE_CHANGE = Pattern.compile("gateway (\\d+): (\\w+) -> (\\w+): (.*)");
    private static final Pattern EPOCH = Pattern.compile("in epoch (\\d+)");

    private final ChaosTopology topology;
    private final Path logDir;
    private final Map<RoleId, Launch> launches = new LinkedHashMap<>();
    private final Map<RoleId, RoleProcess> current = new LinkedHashMap<>();
    private final Map<RoleId, Integer> starts = new LinkedHashMap<>();
    private final List<RoleProcess> every = new ArrayList<>();
    private ChaosForger forger;

    public ChaosFabric(final ChaosTopology topology, final Path logDir)
    {
        this.topology = topology;
        this.logDir = logDir;
    }

    /**
     * The forger the forge windows start (runs with the forge nemesis only).
     */
    synchronized void forger(final ChaosForger forger)
    {
        this.forger = forger;
    }

    @Override
    public void startForger(final int window, final long lengthMs)
    {
        final ChaosForger f;
        synchronized (this)
        {
            f = forger;
        }
        if (null == f)
        {
            throw new UnsupportedOperationException("this run has no forger: the forge nemesis needs --secure");
        }
        f.start(window, lengthMs);
    }

    /**
     * Start a role for the first time.
     */
    public synchronized RoleProcess start(final RoleId role, final Launch launch)
    {
        launches.put(role, launch);
        return startAgain(role);
    }

    private synchronized RoleProcess startAgain(final RoleId role)
    {
        final Launch launch = launches.get(role);
        final int n = starts.merge(role, 1, Integer::sum);
        final Path log = logDir.resolve(role.name() + (1 == n ? "" : "." + n) + ".log");
        final RoleProcess process = RoleProcess.startIn(topology.commandPrefix(role), role.name(), launch.mainClass(),
            launch.args(), log, launch.jvmArgs());
        current.put(role, process);
        every.add(process);
        return process;
    }

    /**
     * @return the role's process now (the newest start), or null if it was never started.
     */
    public synchronized RoleProcess process(final RoleId role)
    {
        return current.get(role);
    }

    /**
     * Wait until the role's current process prints the text.
     */
    public void awaitOutput(final RoleId role, final String text, final long timeoutS) throws TimeoutException
    {
        process(role).awaitOutput(text, timeoutS, TimeUnit.SECONDS);
    }

    @Override
    public List<RoleId> roles()
    {
        return topology.roles();
    }

    @Override
    public void kill(final RoleId role)
    {
        final RoleProcess process = process(role);
        if (null != process)
        {
            process.kill();
        }
    }

    @Override
    public synchronized void restart(final RoleId role)
    {
        final RoleProcess process = process(role);
        if (null != process && process.isAlive())
        {
            process.kill();
        }
        startAgain(role);
    }

    /**
     * What a supervisor does for a role that ended itself because it could not write its journal (exit code 75,
     * {@code Terminator.JOURNAL_FAILURE}): start it again once its disk has room (no disk-full filler left in its
     * directory). A disk-full fault restarts such a role when the fault ends, but a role may take longer than the fault
     * to go (seen in `hedge chaos --seed 1101`: a replica halted after the fault had ended and stayed down with a torn
     * journal). A killed role (exit 137) is the nemesis's to restart.
     *
     * @param fullDiskMarker the file name whose presence in a role's directory says its disk is still full.
     * @return the roles started again.
     */
    public synchronized List<RoleId> restartRolesThatExitedForTheirJournal(final String fullDiskMarker)
    {
        final List<RoleId> restarted = new ArrayList<>();
        for (final Map.Entry<RoleId, RoleProcess> entry : current.entrySet())
        {
            final RoleProcess process = entry.getValue();
            if (!process.isAlive() && JOURNAL_FAILURE_EXIT_CODE == process.exitCode() &&
                !java.nio.file.Files.exists(roleDirectory(entry.getKey()).resolve(fullDiskMarker)))
            {
                restarted.add(entry.getKey());
            }
        }
        for (final RoleId role : restarted)
        {
            startAgain(role);
        }
        return restarted;
    }

    @Override
    public boolean isAlive(final RoleId role)
    {
        final RoleProcess process = process(role);
        return null != process && process.isAlive();
    }

    @Override
    public void pause(final RoleId role)
    {
        process(role).pause();
    }

    @Override
    public void resume(final RoleId role)
    {
        process(role).resume();
    }

    @Override
    public synchronized Path roleDirectory(final RoleId role)
    {
        final Launch launch = launches.get(role);
        if (null == launch)
        {
            throw new IllegalArgumentException("no role " + role + " started in this run");
        }
        return launch.directory();
    }

    @Override
    public Network network()
    {
        return topology;
    }

    /**
     * @return the live gateway whose log says it leads the newest epoch, or null if none says it leads.
     */
    @Override
    public RoleId activeGateway()
    {
        RoleId best = null;
        long bestEpoch = -1;
        for (final RoleId role : roles())
        {
            final RoleProcess process = role.kind() == RoleKind.GATEWAY ? process(role) : null;
            if (null == process || !process.isAlive())
            {
                continue;
            }
            final long epoch = leadingEpoch(process.output());
            if (epoch > bestEpoch)
            {
                best = role;
                bestEpoch = epoch;
            }
        }
        return best;
    }

    /**
     * @return the epoch a gateway's log says it leads now, -1 if its last state change left it not leading.
     */
    static long leadingEpoch(final String log)
    {
        final Matcher change = STATE_CHANGE.matcher(log);
        String to = null;
        String reason = "";
        while (change.find())
        {
            to = change.group(3);
            reason = change.group(4);
        }
        if (null == to || !to.startsWith("LEADER"))
        {
            return -1;
        }
        final Matcher epoch = EPOCH.matcher(reason);
        return epoch.find() ? Long.parseLong(epoch.group(1)) : 0;
    }

    /**
     * @return how many times the role was started.
     */
    public synchronized int starts(final RoleId role)
    {
        return starts.getOrDefault(role, 0);
    }

    /**
     * SIGCONT, then SIGTERM every process of the roles still running, all at once; each gets 10 s to finish
     * its shutdown before SIGKILL ({@link RoleProcess#stop()}: 10 s).
     */
    public void stopAll(final List<RoleId> roles)
    {
        final List<Thread> stoppers = new ArrayList<>();
        for (final RoleId role : roles)
        {
            final RoleProcess process = process(role);
            if (null == process || !process.isAlive())
            {
                continue;
            }
            final Thread stopper = new Thread(() ->
            {
                process.resume();
                process.stop();
            }, "stop-" + role.name());
            stopper.start();
            stoppers.add(stopper);
        }
        for (final Thread stopper : stoppers)
        {
            try
            {
                stopper.join(TimeUnit.SECONDS.toMillis(30));
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * SIGKILL every process of the run still running.
     */
    @Override
    public synchronized void close()
    {
        for (final RoleProcess process : every)
        {
            if (process.isAlive())
            {
                process.kill();
            }
        }
    }
}
