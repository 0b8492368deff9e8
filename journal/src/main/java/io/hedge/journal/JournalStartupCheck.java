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
 * write faulted and the role exited on it, code 75). An unreadable record that is the journal's last, with nothing
 * framed after it, is that tear: the role died writing it, before applying or publishing it, so it is cut off (the old
 * journal is moved aside, never deleted) and the role starts on the records before it. An unreadable record with
 * anything after it is corruption, and the role refuses to start.
 */
public final class JournalStartupCheck
{
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
        if (result.atLastRecord())
        {
            final Path aside =
                JournalTruncation.keepReadablePrefix(directory, result.firstSeq(), result.records(), "torn-tail");
            LOG.warn("{}: journal {} ends with a record the previous process died writing ({}); it was never applied " +
                "nor published: cut after seq {}, the old journal kept at {}", role, directory, problem,
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
