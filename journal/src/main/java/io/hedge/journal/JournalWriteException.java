package io.hedge.journal;

import java.nio.file.Path;

/**
 * A journal could not be written: Chronicle threw, or the JVM raised an {@link Error} while writing (an
 * {@link InternalError} from a SIGBUS on a memory-mapped file of a full tmpfs, say). Nothing the role does next can be
 * trusted to be durable, so it is fatal: the role's runner ends the process (exit code 75), and the fabric fails over
 * around it as after a kill. The entry that failed may or may not be on disk; recovery reads what is.
 */
public final class JournalWriteException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final transient Path journal;

    /**
     * @param journal the journal's directory or file.
     * @param what    what was being written, e.g. "seq 42".
     * @param cause   what Chronicle (or the JVM) threw.
     */
    public JournalWriteException(final Path journal, final String what, final Throwable cause)
    {
        super("cannot write journal " + journal + " (" + what + "): " + cause, cause);
        this.journal = journal;
    }

    /** @return the journal's directory or file. */
    public Path journal()
    {
        return journal;
    }
}
