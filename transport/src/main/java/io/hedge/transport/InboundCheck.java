package io.hedge.transport;

import io.hedge.codecs.FabricMessageCheck;
import io.hedge.codecs.fabric.MessageHeaderDecoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The door of an adapter: a received fabric message goes on to be decoded only if {@link FabricMessageCheck} finds
 * its header, block, groups and var data within what arrived. A refused one is dropped, counted (the role's
 * {@code malformedMessagesDropped} security counter, and a count of its own for tests and reports) and logged at most
 * once per second per reason, with how many were dropped since: a flood of garbage costs a counter increment each,
 * never a log line each, and never an exception.
 */
public final class InboundCheck
{
    private static final Logger LOG = LoggerFactory.getLogger(InboundCheck.class);
    private static final long LOG_INTERVAL_NS = TimeUnit.SECONDS.toNanos(1);

    private final String where;
    private final AtomicCounter counter;
    private final FabricMessageCheck check = new FabricMessageCheck();
    private final long[] nextLogNs = new long[FabricMessageCheck.REASONS];
    private final long[] sinceLog = new long[FabricMessageCheck.REASONS];
    private long dropped;
    private int lastReason;

    /**
     * @param where   named in the log line, for example {@code "gateway 1 ingress"}.
     * @param counter incremented for each message dropped; null to keep only this check's own count.
     */
    public InboundCheck(final String where, final AtomicCounter counter)
    {
        this.where = where;
        this.counter = counter;
        // the first drop of each reason is logged at once, whatever the origin of nanoTime
        Arrays.fill(nextLogNs, System.nanoTime());
    }

    /**
     * @param header wrapped at {@code offset}, for the caller to read the template id, block length and version from.
     * @return true if the message may be decoded; false if it was dropped (and counted).
     */
    public boolean accept(final DirectBuffer buffer, final int offset, final int length, final MessageHeaderDecoder header)
    {
        final int reason = check.check(buffer, offset, length, header);
        lastReason = reason;
        if (FabricMessageCheck.OK == reason)
        {
            return true;
        }
        drop(reason, check.templateId());
        return false;
    }

    /**
     * Count and (rarely) log a message refused by a check of the caller's own, for example a value out of bounds.
     */
    public void drop(final int reason, final int templateId)
    {
        dropped++;
        if (null != counter)
        {
            counter.increment();
        }
        final int kind = reason >= 0 && reason < FabricMessageCheck.REASONS ? reason : FabricMessageCheck.OUT_OF_BOUNDS;
        sinceLog[kind]++;
        final long nowNs = System.nanoTime();
        if (nowNs - nextLogNs[kind] >= 0)
        {
            nextLogNs[kind] = nowNs + LOG_INTERVAL_NS;
            LOG.warn("{}: dropped {} malformed message(s) ({}; last template id {}); {} dropped in all", where,
                sinceLog[kind], FabricMessageCheck.reason(kind), templateId, dropped);
            sinceLog[kind] = 0;
        }
    }

    /**
     * @return why the message last checked was refused ({@link FabricMessageCheck#OK} if it was not): past
     * {@link FabricMessageCheck#BLOCK_PAST_END}, its header and block were readable.
     */
    public int lastReason()
    {
        return lastReason;
    }

    /** Messages dropped by this check. */
    public long dropped()
    {
        return dropped;
    }
}
