package io.hedge.chaos.nemesis;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the nemesis did, when: one line per fault start and end (wall clock and time since the run's start), written to
 * a file as it happens and kept in memory, so that a checker can name the fault that was active when a
 * counter-example happened. Times are {@link System#nanoTime()}, which on Linux is the same monotonic clock in every
 * process of the machine, so a client's history timestamps can be asked about directly. Thread-safe.
 */
public final class NemesisLog implements AutoCloseable
{
    /**
     * One fault as it actually ran.
     *
     * @param number      its number in the schedule.
     * @param description what it was (resolved at start: "partition {gateway-2, replica-A} | {...}").
     * @param startNs     {@link System#nanoTime()} when it started.
     * @param endNs       when it ended, {@link Long#MAX_VALUE} while it is active.
     */
    public record Entry(int number, String description, long startNs, long endNs)
    {
        public boolean activeAt(final long nanoTime)
        {
            return startNs <= nanoTime && nanoTime < endNs;
        }

        @Override
        public String toString()
        {
            return "#" + number + " " + description;
        }
    }

    private final long runStartNs;
    private final BufferedWriter writer;
    private final List<String> lines = new ArrayList<>();
    private final List<Entry> entries = new ArrayList<>();

    /**
     * @param file       where the lines go (created, or appended to), or null for memory only.
     * @param runStartNs {@link System#nanoTime()} at the run's start: times in the log are relative to it.
     */
    public NemesisLog(final Path file, final long runStartNs)
    {
        this.runStartNs = runStartNs;
        try
        {
            if (null == file)
            {
                writer = null;
            }
            else
            {
                Files.createDirectories(file.toAbsolutePath().getParent());
                writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot open the nemesis log " + file, ex);
        }
    }

    public long runStartNs()
    {
        return runStartNs;
    }

    synchronized void started(final ScheduledFault fault, final String description, final long nowNs)
    {
        entries.add(new Entry(fault.number(), description, nowNs, Long.MAX_VALUE));
        line(nowNs, "START #" + fault.number() + " " + fault.kind().label() + ": " + description);
    }

    synchronized void ended(final ScheduledFault fault, final String description, final long nowNs)
    {
        for (int i = entries.size() - 1; i >= 0; i--)
        {
            final Entry entry = entries.get(i);
            if (entry.number() == fault.number() && entry.endNs() == Long.MAX_VALUE)
            {
                entries.set(i, new Entry(entry.number(), entry.description(), entry.startNs(), nowNs));
                break;
            }
        }
        line(nowNs, "END   #" + fault.number() + " " + fault.kind().label() + ": " + description);
    }

    /**
     * Record a line that is not a start or an end: a failure, a note.
     */
    public synchronized void note(final long nowNs, final String text)
    {
        line(nowNs, text);
    }

    /**
     * @param nanoTime a {@link System#nanoTime()} of any process on this machine.
     * @return the faults active at that moment, oldest first; empty if none was.
     */
    public synchronized List<Entry> activeAt(final long nanoTime)
    {
        final List<Entry> active = new ArrayList<>();
        for (final Entry entry : entries)
        {
            if (entry.activeAt(nanoTime))
            {
                active.add(entry);
            }
        }
        return active;
    }

    /**
     * @param runMs ms since the run's start.
     * @return the faults active then.
     */
    public List<Entry> activeAtRunMs(final long runMs)
    {
        return activeAt(runStartNs + runMs * 1_000_000L);
    }

    /**
     * @return "#3 kill replica-B, #4 pause gateway-1" or "none", for a counter-example's message.
     */
    public String describeActiveAt(final long nanoTime)
    {
        final List<Entry> active = activeAt(nanoTime);
        if (active.isEmpty())
        {
            return "none";
        }
        final StringBuilder builder = new StringBuilder();
        for (final Entry entry : active)
        {
            builder.append(builder.length() == 0 ? "" : ", ").append(entry);
        }
        return builder.toString();
    }

    /**
     * @return every fault that started, in order of start, with its end (or {@link Long#MAX_VALUE}).
     */
    public synchronized List<Entry> entries()
    {
        return List.copyOf(entries);
    }

    /**
     * @return every line so far, as in the file.
     */
    public synchronized List<String> lines()
    {
        return List.copyOf(lines);
    }

    private void line(final long nowNs, final String text)
    {
        final String line = String.format("%s +%.3fs %s", Instant.now(), (nowNs - runStartNs) / 1e9, text);
        lines.add(line);
        if (null != writer)
        {
            try
            {
                writer.write(line);
                writer.newLine();
                writer.flush();
            }
            catch (final IOException ex)
            {
                // the in-memory log is the one the report uses; a lost file line must not stop the nemesis
                lines.add("(could not write the line above to the log file: " + ex + ")");
            }
        }
    }

    @Override
    public synchronized void close()
    {
        if (null != writer)
        {
            try
            {
                writer.close();
            }
            catch (final IOException ex)
            {
                lines.add("(could not close the log file: " + ex + ")");
            }
        }
    }
}
