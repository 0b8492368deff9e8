package io.hedge.ops;

import io.aeron.Aeron;
import org.agrona.CloseHelper;
import org.agrona.concurrent.status.AtomicCounter;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * A role's counters as Aeron counters, one per {@link CounterType} and subject, typed with the type's id so that
 * AeronStat, Prometheus and a RoleReport name each alike. The role's agent thread is the one writer: it
 * {@link #set}s each counter from the role's own fields once an interval (the fields stay the one source; these are
 * their published copy). Any thread may read the values ({@link Slot#value()} is a volatile read of the counter).
 */
public final class RoleCounters implements AutoCloseable
{
    /** Allocates one counter: {@link Aeron#addCounter(int, String)} in a role, a plain CountersManager in a test. */
    @FunctionalInterface
    public interface Allocator
    {
        AtomicCounter allocate(int typeId, String label);
    }

    /** One counter: its type, its subject, and the Aeron counter holding its value. */
    public static final class Slot
    {
        private final CounterType type;
        private final int subjectId;
        private final AtomicCounter counter;

        Slot(final CounterType type, final int subjectId, final AtomicCounter counter)
        {
            this.type = type;
            this.subjectId = subjectId;
            this.counter = counter;
        }

        public CounterType type()
        {
            return type;
        }

        public int subjectId()
        {
            return subjectId;
        }

        public long value()
        {
            return counter.get();
        }

        public int counterId()
        {
            return counter.id();
        }
    }

    private final Allocator allocator;
    private final String labelPrefix;
    private final List<Slot> slots = new ArrayList<>();
    private volatile List<Slot> published = List.of();
    private Slot lastSet;

    /**
     * @param labelPrefix names the role in every counter's label: {@code hedge gateway 1}.
     */
    public RoleCounters(final Allocator allocator, final String labelPrefix)
    {
        this.allocator = allocator;
        this.labelPrefix = labelPrefix;
    }

    /**
     * @return counters allocated in the media driver's counters file, readable by AeronStat.
     */
    public static RoleCounters aeron(final Aeron aeron, final String labelPrefix)
    {
        return new RoleCounters(aeron::addCounter, labelPrefix);
    }

    /**
     * Publish a value: the counter of this type and subject is allocated the first time (once per subject, not per
     * message), then written with a release store. On the role's agent thread only.
     */
    public void set(final CounterType type, final int subjectId, final long value)
    {
        slot(type, subjectId).counter.setRelease(value);
    }

    /**
     * @return the counter of this type and subject, allocated if it is new.
     */
    public Slot slot(final CounterType type, final int subjectId)
    {
        final Slot last = lastSet;
        if (null != last && last.type == type && last.subjectId == subjectId)
        {
            return last;
        }
        Slot found = null;
        final List<Slot> all = slots;
        for (int i = 0, n = all.size(); i < n; i++)
        {
            final Slot slot = all.get(i);
            if (slot.type == type && slot.subjectId == subjectId)
            {
                found = slot;
                break;
            }
        }
        if (null == found)
        {
            found = new Slot(type, subjectId, allocator.allocate(type.typeId(), label(type, subjectId)));
            slots.add(found);
            published = Collections.unmodifiableList(new ArrayList<>(slots));
        }
        lastSet = found;
        return found;
    }

    private String label(final CounterType type, final int subjectId)
    {
        final String name = type.name().toLowerCase(Locale.ROOT);
        return 0 == subjectId ? labelPrefix + ": " + name : labelPrefix + ": " + name + " [" + subjectId + "]";
    }

    /**
     * @return the value of this counter, or 0 when it was never set.
     */
    public long value(final CounterType type, final int subjectId)
    {
        for (final Slot slot : published)
        {
            if (slot.type == type && slot.subjectId == subjectId)
            {
                return slot.value();
            }
        }
        return 0;
    }

    /**
     * @return every counter set so far, in the order first set; safe from any thread.
     */
    public List<Slot> slots()
    {
        return published;
    }

    @Override
    public void close()
    {
        for (final Slot slot : published)
        {
            CloseHelper.quietClose(slot.counter);
        }
    }
}
