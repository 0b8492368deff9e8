package io.hedge.transport;

import io.aeron.logbuffer.Header;
import org.agrona.concurrent.status.AtomicCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a member stream's door does with a message whose seal is wrong: count it, and say so at most once per
 * {@link #LOG_INTERVAL_NS}, so that two members holding different keys show up in the log and the counter instead of
 * as a silent stall, while a flood of forgeries costs one line a second and no allocation per message.
 */
final class SealRejections
{
    static final long LOG_INTERVAL_NS = 1_000_000_000L;
    private static final Logger LOG = LoggerFactory.getLogger(SealRejections.class);

    private final AtomicCounter rejected;
    private final String roleName;
    private long nextLogNs = System.nanoTime();
    private long loggedAt;

    SealRejections(final AtomicCounter rejected, final String roleName)
    {
        this.rejected = rejected;
        this.roleName = roleName;
    }

    /**
     * @return true when this rejection was logged (the first in its interval).
     */
    boolean reject(final Header header)
    {
        rejected.increment();
        final long nowNs = System.nanoTime();
        if (nowNs - nextLogNs >= 0)
        {
            nextLogNs = nowNs + LOG_INTERVAL_NS;
            final long total = rejected.get();
            LOG.warn("{}: {} member messages without a valid seal refused ({} in all), the last on stream {} " +
                "session {}: a process without the cluster key, or a member whose member.key.file holds another key",
                roleName, total - loggedAt, total, null == header ? 0 : header.streamId(),
                null == header ? 0 : header.sessionId());
            loggedAt = total;
            return true;
        }
        return false;
    }
}
