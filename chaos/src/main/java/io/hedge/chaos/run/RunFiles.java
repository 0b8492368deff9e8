package io.hedge.chaos.run;

import io.hedge.chaos.check.CheckResult;
import io.hedge.chaos.check.FaultWindows;
import io.hedge.chaos.check.ReplicaJournal;
import io.hedge.chaos.nemesis.NemesisLog;
import io.hedge.chaos.nemesis.NemesisSchedule;
import io.hedge.chaos.nemesis.ScheduledFault;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * What a chaos run keeps and hands to its checkers and report: the replicas' journals copied out of their tmpfs
 * before it is unmounted, the nemesis log's faults on the wall clock the clients' histories use, and the faults
 * injected by kind.
 */
final class RunFiles
{
    private RunFiles()
    {
    }

    /**
     * Copy every replica's journal (and with --keep every role's whole directory) from its tmpfs into the run
     * directory, which outlives the mounts.
     *
     * @return each replica's kept journal directory, by replica name.
     */
    static Map<String, Path> keepJournals(
        final List<RoleId> roles, final Path fabricDir, final Path runDir, final boolean keep) throws Exception
    {
        final Map<String, Path> journals = new LinkedHashMap<>();
        for (final RoleId role : roles)
        {
            final Path dir = ChaosRun.roleDir(fabricDir, role);
            if (role.kind() == RoleKind.REPLICA)
            {
                final Path kept = runDir.resolve("journals").resolve(role.name());
                copyTree(dir.resolve("journal"), kept);
                journals.put(role.name(), kept);
            }
            if (keep && (role.kind() == RoleKind.GATEWAY || role.kind() == RoleKind.REPLICA))
            {
                copyTree(dir, runDir.resolve("roles").resolve(role.name()));
            }
        }
        return journals;
    }

    /**
     * Copy with cp, keeping the journals' files sparse: Chronicle's queue files are mostly holes, and a plain copy
     * would write them out in full.
     */
    private static void copyTree(final Path from, final Path to) throws Exception
    {
        Files.createDirectories(to);
        if (!Files.isDirectory(from))
        {
            return;
        }
        final Process cp = new ProcessBuilder("cp", "-a", "--sparse=always", from + "/.", to.toString())
            .redirectErrorStream(true).start();
        final String output = new String(cp.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!cp.waitFor(60, TimeUnit.SECONDS) || cp.exitValue() != 0)
        {
            cp.destroyForcibly();
            throw new IllegalStateException("cannot copy " + from + " to " + to + ": " + output);
        }
        try (var files = Files.list(to))
        {
            for (final Path file : files.filter(f -> f.getFileName().toString().startsWith("fault-")).toList())
            {
                Files.deleteIfExists(file);
            }
        }
    }

    /**
     * Read every replica's kept journal. A journal that cannot be read (a record torn by a kill or a full disk) is a
     * finding, not a reason to stop: it is reported as a failed "journals" check naming the replica and the error, and
     * the other checkers run on the journals that could be read.
     *
     * @param results where the failed check goes, if any.
     * @return the journals read.
     */
    static List<ReplicaJournal> readJournals(final Map<String, Path> journals, final List<CheckResult> results)
    {
        final List<ReplicaJournal> read = new ArrayList<>();
        for (final Map.Entry<String, Path> journal : journals.entrySet())
        {
            try
            {
                read.add(ReplicaJournal.load(journal.getKey(), journal.getValue()));
            }
            catch (final RuntimeException ex)
            {
                results.add(CheckResult.fail("journals", "every replica's journal can be read",
                    new CheckResult.CounterExample(0, 0, 0, null, journal.getKey() + "'s journal " +
                    journal.getValue() + " cannot be read: " + ex)));
            }
        }
        return read;
    }

    /**
     * @return the faults as they ran, on the wall clock the histories use.
     */
    static FaultWindows windows(final NemesisLog log, final long runStartNs, final long runStartWallMs)
    {
        final List<FaultWindows.Window> windows = new ArrayList<>();
        for (final NemesisLog.Entry e : log.entries())
        {
            final long endNs = e.endNs() == Long.MAX_VALUE ? System.nanoTime() : e.endNs();
            windows.add(new FaultWindows.Window(runStartWallMs + (e.startNs() - runStartNs) / 1_000_000,
                runStartWallMs + (endNs - runStartNs) / 1_000_000, e.toString()));
        }
        return FaultWindows.of(windows);
    }

    /**
     * @return the line counting the faults injected by kind, and the faults as they ran.
     */
    static String injected(final NemesisSchedule schedule, final NemesisLog log)
    {
        final Map<String, Integer> byKind = new TreeMap<>();
        final List<Integer> ran = log.entries().stream().map(NemesisLog.Entry::number).toList();
        for (final ScheduledFault fault : schedule.faults())
        {
            if (ran.contains(fault.number()))
            {
                byKind.merge(fault.kind().label(), 1, Integer::sum);
            }
        }
        final StringBuilder sb = new StringBuilder("  faults injected by kind: ").append(byKind.entrySet().stream()
            .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "))).append('\n');
        for (final NemesisLog.Entry e : log.entries())
        {
            sb.append("    ").append(e).append('\n');
        }
        return sb.toString();
    }
}
