package io.hedge.replicas;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.MutableDirectBuffer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * FAULT INJECTION ONLY, off by default: a {@link StateMachine} decorator that makes a replica slow (a busy or sick
 * engine) for the chaos nemesis. While the file named by the system property {@value #FILE_PROPERTY} holds a positive
 * number of microseconds, every {@link #apply} waits that long before delegating; with no file, an empty one or 0 it
 * delegates at once. The file is read at most once a millisecond.
 *
 * <p>Determinism is untouched: the delay reads a clock, the wrapped state machine does not, and every call is passed
 * through with the same arguments, so responses, effects, hashes and snapshots are those of the wrapped machine.
 * Without the system property {@link #wrapIfConfigured} returns the supplier unchanged, so nothing is wrapped and
 * nothing is paid.
 */
public final class SlowApplyFaultHook implements StateMachine
{
    /** System property naming the file that holds the delay per apply, in microseconds. */
    public static final String FILE_PROPERTY = "hedge.fault.slow.apply.file";

    private static final long RECHECK_NS = TimeUnit.MILLISECONDS.toNanos(1);

    private final StateMachine delegate;
    private final Path delayFile;
    private long nextCheckNs;
    private boolean checked;
    private long delayNs;

    public SlowApplyFaultHook(final StateMachine delegate, final Path delayFile)
    {
        this.delegate = delegate;
        this.delayFile = delayFile;
    }

    /**
     * @return the supplier, each machine wrapped in a hook when {@value #FILE_PROPERTY} is set, else unchanged.
     */
    public static Supplier<StateMachine> wrapIfConfigured(final Supplier<StateMachine> supplier)
    {
        final String file = System.getProperty(FILE_PROPERTY);
        if (null == supplier || null == file || file.isBlank())
        {
            return supplier;
        }
        final Path delayFile = Path.of(file);
        return () -> new SlowApplyFaultHook(supplier.get(), delayFile);
    }

    @Override
    public int apply(
        final long seq,
        final long timestampNs,
        final long clientId,
        final int principalId,
        final DirectBuffer payload,
        final int offset,
        final int length,
        final MutableDirectBuffer response,
        final int responseOffset)
    {
        final long nowNs = System.nanoTime();
        if (!checked || nowNs - nextCheckNs >= 0)
        {
            checked = true;
            nextCheckNs = nowNs + RECHECK_NS;
            delayNs = TimeUnit.MICROSECONDS.toNanos(readDelayMicros(delayFile));
        }
        if (delayNs > 0)
        {
            final long deadlineNs = nowNs + delayNs;
            long leftNs;
            while ((leftNs = deadlineNs - System.nanoTime()) > 0)
            {
                LockSupport.parkNanos(leftNs);
            }
        }
        return delegate.apply(seq, timestampNs, clientId, principalId, payload, offset, length, response, responseOffset);
    }

    @Override
    public int effects(final MutableDirectBuffer buffer, final int offset)
    {
        return delegate.effects(buffer, offset);
    }

    @Override
    public int maxEffectsLength()
    {
        return delegate.maxEffectsLength();
    }

    @Override
    public int messages(final MutableDirectBuffer buffer, final int offset)
    {
        return delegate.messages(buffer, offset);
    }

    @Override
    public int maxMessagesLength()
    {
        return delegate.maxMessagesLength();
    }

    @Override
    public long fullStateHash()
    {
        return delegate.fullStateHash();
    }

    @Override
    public int writeSnapshot(final ExpandableDirectByteBuffer buffer, final int offset)
    {
        return delegate.writeSnapshot(buffer, offset);
    }

    @Override
    public void loadSnapshot(final DirectBuffer buffer, final int offset, final int length)
    {
        delegate.loadSnapshot(buffer, offset, length);
    }

    /**
     * @return the wrapped machine (for code that looks at the application's own state).
     */
    public StateMachine delegate()
    {
        return delegate;
    }

    private static long readDelayMicros(final Path file)
    {
        try
        {
            final String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
            return text.isEmpty() ? 0 : Math.max(0, (long)Double.parseDouble(text));
        }
        catch (final IOException | NumberFormatException ex)
        {
            // no file (the usual case) or a half-written one: the hook is off; it must never fail the replica
            return 0;
        }
    }
}
