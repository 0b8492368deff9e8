package io.hedge.chaos.nemesis;

import io.hedge.chaos.run.Fabric;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Plays a {@link NemesisSchedule} against a {@link Fabric} on a thread of its own: each fault starts and ends at its
 * time after the run's start, and every start and end goes to the {@link NemesisLog}. A fault whose start throws is
 * logged, ended at once (to undo what it did before failing) and the schedule goes on. {@link #close()} stops the
 * schedule and ends every fault still active, newest first, whatever happened before: the fabric is always left
 * without faults.
 */
public final class Nemesis implements AutoCloseable
{
    private record Event(long atMs, boolean start, ScheduledFault fault)
    {
    }

    private final Fabric fabric;
    private final NemesisLog log;
    private final List<Event> events;
    private final Thread thread;
    private final Map<Integer, ScheduledFault> active = new LinkedHashMap<>();
    private final List<Throwable> failures = new ArrayList<>();
    private volatile boolean running = true;
    private volatile boolean finished;
    private boolean closed;

    private Nemesis(final NemesisSchedule schedule, final Fabric fabric, final NemesisLog log)
    {
        this.fabric = fabric;
        this.log = log;
        this.events = new ArrayList<>();
        for (final ScheduledFault fault : schedule.faults())
        {
            events.add(new Event(fault.startMs(), true, fault));
            events.add(new Event(fault.endMs(), false, fault));
        }
        // ends before starts at the same instant, so two faults back to back never overlap
        events.sort(Comparator.comparingLong(Event::atMs).thenComparing(Event::start));
        this.thread = new Thread(this::play, "nemesis");
        this.thread.setDaemon(true);
    }

    /**
     * @param schedule   what to play.
     * @param fabric     what to play it on.
     * @param logFile    the nemesis log file (appended to), or null for memory only.
     * @param runStartNs {@link System#nanoTime()} of the run's start; schedule times count from it.
     * @return the running nemesis; close it when the run ends.
     */
    public static Nemesis start(
        final NemesisSchedule schedule, final Fabric fabric, final Path logFile, final long runStartNs)
    {
        final Nemesis nemesis = new Nemesis(schedule, fabric, new NemesisLog(logFile, runStartNs));
        nemesis.thread.start();
        return nemesis;
    }

    /**
     * @return the log: lines, and which fault was active when.
     */
    public NemesisLog log()
    {
        return log;
    }

    /**
     * @return whether every fault of the schedule has started and ended.
     */
    public boolean finished()
    {
        return finished;
    }

    /**
     * Wait until the schedule has been played to its end.
     *
     * @return whether it was, within the timeout.
     */
    public boolean awaitFinished(final long timeoutMs) throws InterruptedException
    {
        thread.join(Math.max(1, timeoutMs));
        return finished;
    }

    /**
     * @return starts and ends that threw, in order (each is also in the log).
     */
    public synchronized List<Throwable> failures()
    {
        return List.copyOf(failures);
    }

    private void play()
    {
        for (final Event event : events)
        {
            if (!sleepUntil(log.runStartNs() + TimeUnit.MILLISECONDS.toNanos(event.atMs())))
            {
                return;
            }
            synchronized (this)
            {
                if (!running)
                {
                    return;
                }
                if (event.start())
                {
                    begin(event.fault());
                }
                else
                {
                    finish(event.fault());
                }
            }
        }
        finished = true;
    }

    private void begin(final ScheduledFault scheduled)
    {
        active.put(scheduled.number(), scheduled);
        try
        {
            scheduled.fault().start(fabric);
            log.started(scheduled, scheduled.fault().describe(), System.nanoTime());
        }
        catch (final RuntimeException ex)
        {
            failures.add(ex);
            log.note(System.nanoTime(), "START FAILED #" + scheduled.number() + " " + scheduled.fault().describe() +
                ": " + ex);
            finish(scheduled);
        }
    }

    private void finish(final ScheduledFault scheduled)
    {
        if (null == active.remove(scheduled.number()))
        {
            return;
        }
        try
        {
            scheduled.fault().end(fabric);
        }
        catch (final RuntimeException ex)
        {
            failures.add(ex);
            log.note(System.nanoTime(), "END FAILED #" + scheduled.number() + " " + scheduled.fault().describe() +
                ": " + ex);
        }
        finally
        {
            log.ended(scheduled, scheduled.fault().describe(), System.nanoTime());
        }
    }

    private boolean sleepUntil(final long deadlineNs)
    {
        long leftNs;
        while ((leftNs = deadlineNs - System.nanoTime()) > 0)
        {
            if (!running)
            {
                return false;
            }
            try
            {
                TimeUnit.NANOSECONDS.sleep(Math.min(leftNs, TimeUnit.MILLISECONDS.toNanos(50)));
            }
            catch (final InterruptedException ex)
            {
                return false;
            }
        }
        return running;
    }

    /**
     * Stop playing and end every fault still active, newest first; the log file is closed.
     */
    @Override
    public void close()
    {
        // no interrupt: it could break a start or end half way (a process wait); the sleep wakes every 50 ms
        running = false;
        try
        {
            // a start or end in progress finishes first: they are quick
            thread.join(TimeUnit.SECONDS.toMillis(30));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        synchronized (this)
        {
            if (closed)
            {
                return;
            }
            closed = true;
            final List<ScheduledFault> open = new ArrayList<>(active.values());
            for (int i = open.size() - 1; i >= 0; i--)
            {
                finish(open.get(i));
            }
            log.note(System.nanoTime(), "nemesis closed" + (finished ? "" : " before the end of its schedule"));
            log.close();
        }
    }
}
