package io.hedge.transport;

/**
 * Ends the process with a status. The real one halts the JVM; a test gives a fake so that it can see the call.
 */
@FunctionalInterface
public interface Terminator
{
    /** Exit code of a role that cannot write its journal: EX_TEMPFAIL, so a supervisor restarts it later. */
    int JOURNAL_FAILURE = 75;

    /**
     * Halts the JVM: no shutdown hooks, since a role that cannot write its journal must not go on doing anything,
     * closing included (a hook could block on the very disk that failed).
     */
    Terminator HALT = status -> Runtime.getRuntime().halt(status);

    void terminate(int status);
}
