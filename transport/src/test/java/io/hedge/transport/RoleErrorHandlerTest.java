package io.hedge.transport;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Rule 9 (full disks): what a role's agent thread does with what its agent throws, with a fake terminator so that the
 * JVM goes on. Invariant: a role that cannot write its journal does nothing more (the process ends, exit code 75), so
 * nothing it acknowledges afterwards can be lost; any other exception is logged, counted and survived.
 */
class RoleErrorHandlerTest
{
    /** Stands for io.hedge.journal.JournalWriteException, which transport does not see. */
    private static final class JournalFailure extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        JournalFailure(final Throwable cause)
        {
            super("cannot write journal /tmp/j (seq 5): " + cause, cause);
        }
    }

    private final List<Integer> exits = new ArrayList<>();
    private final RoleErrorHandler handler =
        new RoleErrorHandler("hedge-replica-A", JournalFailure.class::isInstance, exits::add);

    @Test
    void anExceptionThatIsNotFatalIsLoggedAndCounted()
    {
        handler.onError(new IllegalStateException("a bug"));
        handler.onError(new IllegalArgumentException("another"));
        assertEquals(List.of(), exits, "the role goes on");
        assertEquals(2, handler.errors());
    }

    @Test
    void aJournalThatCannotBeWrittenEndsTheProcessWithCode75()
    {
        handler.onError(new JournalFailure(new java.io.IOException("No space left on device")));
        assertEquals(List.of(75), exits);
        assertEquals(1, handler.errors());
    }

    @Test
    void aJournalFailureWrappedInAnotherExceptionIsStillFatal()
    {
        handler.onError(new IllegalStateException("applying seq 5", new JournalFailure(new RuntimeException("x"))));
        assertEquals(List.of(Terminator.JOURNAL_FAILURE), exits);
    }

    @Test
    void anErrorIsFatal()
    {
        // what a SIGBUS on a memory-mapped journal of a full tmpfs surfaces as
        handler.onError(new InternalError("a fault occurred in an unsafe memory access operation"));
        handler.onError(new IllegalStateException("wrapped", new OutOfMemoryError("heap")));
        assertEquals(List.of(75, 75), exits);
    }

    @Test
    void aRoleWithNoJournalFailureTypeStillStopsOnAnError()
    {
        final RoleErrorHandler plain = new RoleErrorHandler("hedge-sink", ex -> false, exits::add);
        plain.onError(new JournalFailure(new RuntimeException("x")));
        assertEquals(List.of(), exits);
        plain.onError(new StackOverflowError());
        assertEquals(List.of(75), exits);
    }
}
