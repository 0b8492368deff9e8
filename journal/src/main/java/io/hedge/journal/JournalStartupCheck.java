package io.hedge.journal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Verifies a journal before a gateway or replica builds its state from it: a role never starts on a journal
 * that is corrupt or cut, since replaying it would silently start from the wrong state. The one thing a crash
 * leaves behind by design, a last record the dead process had not finished writing, is reported and let be:
 * it was never applied nor published, because both happen only after the record is complete.
 * <p>
 * A full disk leaves a different tear: the record's frame is complete but its bytes never reached the page (the
 * write faulted and the role exited on it, code 75). The JVM raises that fault asynchronously, at the next safepoint,
 * so the writer may not see it in time to roll the record back: Chronicle commits it, its tail reads as zeros, and its
 * checksum ({@link RecordChecksum}) no longer matches. The role halts at its next append, so the torn record is the
 * last one or close to it. An unreadable record among the last {@link #TORN_TAIL_BOUND} + 1 records of soundly framed
 * files is that tear: the journal is cut back to the records before it (the old journal is moved aside, never
 * deleted: it holds the evidence) and the role starts on them; peers hand it the seqs after them again. An unreadable
 * record with more records than that after it is corruption from elsewhere, and the role refuses to start.
 * <p>
 * Why {@value #TORN_TAIL_BOUND}: after a faulted write a role appends at most a few more records before the fault
 * reaches it (the next safepoint comes within a duty cycle, and a duty cycle appends at most one batch of a poll), and
 * it then exits at its next append. 64 covers that with a wide margin, while a record damaged with many records after
 * it, which a cut would silently drop, stays a refusal that a person must look at.
 */
public final class JournalStartupCheck
{
    /** How many records may follow an unreadable record for it to still count as a torn write (see the class doc). */
    static final int TORN_TAIL_BOUND = 64;
    private static final Logger LOG = LoggerFactory.getLogger(JournalStartupCheck.class);

    private JournalStartupCheck()
    {
    }

    /**
     * @param directory of the journal; a missing or empty one passes.
     * @param role      for the messages, e.g. "replica A".
     * @return the verifier's result, or null when there was no journal yet.
     * @throws JournalCorruptException naming the file and position of the first problem.
     */
    public static JournalVerifier.Result check(final Path directory, final String role)
    {
        if (!hasQueueFiles(directory))
        {
            return null;
        }
        final JournalVerifier.Result result = JournalVerifier.verify(directory);
        final JournalVerifier.Problem problem = result.problem();
        if (null == problem)
        {
            return result;
        }
        if (problem.kind() == JournalVerifier.Kind.INCOMPLETE_RECORD)
        {
            LOG.warn("{}: journal {} ends with a record the previous process did not finish writing ({}); " +
                "it was never applied nor published, continuing after seq {}", role, directory, problem, result.lastSeq());
            return result;
        }
        if (result.recordsAfterProblem() >= 0 && result.recordsAfterProblem() <= TORN_TAIL_BOUND)
        {
            final Path aside =
                JournalTruncation.keepReadablePrefix(directory, result.firstSeq(), result.records(), "torn-tail");
            LOG.warn("{}: journal {} holds a record the previous process died writing ({}), followed by {} more: " +
                "cut after seq {}, the old journal kept at {}", role, directory, problem, result.recordsAfterProblem(),
                result.lastSeq(), aside);
            return JournalVerifier.verify(directory);
        }
        throw new JournalCorruptException(problem.file(), problem.index(), role + " refuses to start on journal " +
            directory + ": " + problem + " (after " + result.records() + " good records, last good seq " +
            result.lastSeq() + "); run 'hedge journal verify " + directory + "' for details");
    }

    private static boolean hasQueueFiles(final Path directory)
    {
        if (!Files.isDirectory(directory))
        {
            return false;
        }
        try (Stream<Path> files = Files.list(directory))
        {
            return files.anyMatch(p -> p.getFileName().toString().endsWith(".cq4"));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot list journal directory " + directory, ex);
        }
    }
}
