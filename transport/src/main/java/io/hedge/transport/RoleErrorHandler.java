package io.hedge.transport;

import org.agrona.ErrorHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * What a role's agent thread does with what its agent throws. Most exceptions are logged and counted, and the agent
 * goes on. A fatal one ends the process at once with exit code 75 after one ERROR line naming the role and the cause:
 * a journal that cannot be written (the role names that exception) or any {@link Error} (an InternalError from a
 * SIGBUS on a mapped file of a full tmpfs, an OutOfMemoryError). Ending it is what lets the fabric fail over around
 * the role as after a kill; going on could acknowledge what was never made durable.
 */
public final class RoleErrorHandler implements ErrorHandler
{
    private static final Logger LOG = LoggerFactory.getLogger(RoleErrorHandler.class);

    private final String roleName;
    private final Predicate<Throwable> journalFailure;
    private final Terminator terminator;
    private final AtomicLong errors = new AtomicLong();

    /**
     * @param roleName       for the log.
     * @param journalFailure true for the exception the role's journal throws when it cannot be written.
     * @param terminator     ends the process.
     */
    public RoleErrorHandler(
        final String roleName, final Predicate<Throwable> journalFailure, final Terminator terminator)
    {
        this.roleName = roleName;
        this.journalFailure = journalFailure;
        this.terminator = terminator;
    }

    @Override
    public void onError(final Throwable throwable)
    {
        errors.incrementAndGet();
        final Throwable fatal = fatalIn(throwable);
        if (null != fatal)
        {
            // one line: the journal and the cause are in the message; a stack trace adds nothing an operator needs
            LOG.error("{} cannot go on and exits with code {}: {}", roleName, Terminator.JOURNAL_FAILURE, fatal.toString());
            terminator.terminate(Terminator.JOURNAL_FAILURE);
            return;
        }
        LOG.error("{} failed", roleName, throwable);
    }

    /**
     * @return errors seen, fatal or not.
     */
    public long errors()
    {
        return errors.get();
    }

    /**
     * @return the journal failure or Error in the cause chain, or null when there is none.
     */
    private Throwable fatalIn(final Throwable throwable)
    {
        Throwable cause = throwable;
        for (int depth = 0; null != cause && depth < 16; depth++)
        {
            if (journalFailure.test(cause) || cause instanceof Error)
            {
                return cause;
            }
            cause = cause.getCause();
        }
        return null;
    }
}
