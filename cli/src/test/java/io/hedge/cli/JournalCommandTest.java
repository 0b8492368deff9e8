package io.hedge.cli;

import io.hedge.journal.SequencedJournal;
import io.hedge.replicas.JournalReplayer;
import io.hedge.replicas.trading.TradingConfig;
import io.hedge.replicas.trading.TradingEngine;
import org.agrona.IoUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JournalCommandTest
{
    private Path dir;
    private String out;
    private String err;

    @BeforeEach
    void createDirectory(final TestInfo info) throws IOException
    {
        final Path base = Paths.get(System.getProperty("hedge.test.dir", "target/test-work"));
        dir = base.resolve("cli-journal-" + info.getTestMethod().map(m -> m.getName()).orElse("test") + "-" + System.nanoTime());
        Files.createDirectories(dir);
    }

    @AfterEach
    void delete()
    {
        IoUtil.delete(dir.toFile(), true);
    }

    @Test
    void generateVerifyDumpReplayAndACorruptCopy() throws IOException
    {
        final Path journal = dir.resolve("journal");
        assertEquals(0, run("journal", "generate", journal.toString(), "--count", "10000", "--seed", "7"), err);
        assertTrue(out.contains("wrote 10000 records"), out);
        assertEquals(2, run("journal", "generate", journal.toString(), "--count", "10"), "refuses a non-empty directory");
        assertTrue(err.contains("not empty"), err);

        assertEquals(0, run("journal", "verify", journal.toString()), err);
        assertTrue(out.contains("10000 records, seqs 1..10000"), out);
        assertTrue(out.contains("OK"), out);

        assertEquals(0, run("journal", "dump", journal.toString(), "--from", "5", "--to", "7"), err);
        final List<String> lines = Arrays.stream(out.split("\\R")).filter(l -> !l.isBlank()).toList();
        assertEquals(3, lines.size(), out);
        for (int i = 0; i < 3; i++)
        {
            final String line = lines.get(i);
            assertTrue(line.startsWith("seq=" + (5 + i) + " epoch=1 time=2026-01-01T00:00:00.00000" + (4 + i) + "Z " +
                "clientId=1 correlationId=" + (5 + i) + " principal=0 payload="), line);
            assertTrue(line.matches(".* (NewOrder account=\\d+ instrument=\\d+ (BUY|SELL) \\d+@\\d+ clientOrderId=\\d+|" +
                "CancelOrder .*|Transfer .*)"), line);
        }

        assertEquals(0, run("journal", "replay", journal.toString()), err);
        final TradingConfig trading = HedgeConfig.defaults().tradingConfig();
        final TradingEngine engine = new TradingEngine(trading);
        final JournalReplayer.Result expected;
        try (SequencedJournal opened = SequencedJournal.open(journal))
        {
            expected = new JournalReplayer(engine, TradingEngine.maxResponseLength(trading)).replay(opened);
        }
        assertEquals(10_000, expected.applied());
        assertTrue(out.contains(String.format("state hash:       %016x", expected.stateHash())), out);
        assertTrue(out.contains(String.format("full state hash:  %016x", engine.fullStateHash())), out);
        assertTrue(out.contains("records:          10000"), out);

        // a copy with one record's SBE template id overwritten
        final Path copy = dir.resolve("corrupt");
        Files.createDirectories(copy);
        Path cq4 = null;
        try (Stream<Path> files = Files.list(journal))
        {
            for (final Path file : (Iterable<Path>)files::iterator)
            {
                Files.copy(file, copy.resolve(file.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
                if (file.toString().endsWith(".cq4"))
                {
                    cq4 = copy.resolve(file.getFileName());
                }
            }
        }
        final long recordOffset = findFirstRecordAfter(cq4, 40_000);
        try (RandomAccessFile file = new RandomAccessFile(cq4.toFile(), "rw"))
        {
            file.seek(recordOffset + 4 + 2); // past Chronicle's 4-byte header, the SBE templateId
            file.write(new byte[] {0x55, 0x55});
        }
        assertEquals(1, run("journal", "verify", copy.toString()));
        assertTrue(err.contains(cq4.toString()), err);
        assertTrue(err.contains("UNREADABLE_RECORD") && err.contains("byte " + recordOffset), err);
        assertEquals(1, run("journal", "dump", copy.toString()));
        assertTrue(err.contains(cq4.getFileName().toString()), err);
        assertEquals(1, run("journal", "replay", copy.toString()));
        assertTrue(err.contains(cq4.getFileName().toString()), err);

        assertEquals(2, run("journal", "verify", dir.resolve("missing").toString()));
        assertEquals(2, run("journal", "dump", journal.toString(), "--from", "9", "--to", "3"));
    }

    /** Offset of the first Sequenced record's Chronicle header at or after the given file offset. */
    private static long findFirstRecordAfter(final Path cq4, final int from) throws IOException
    {
        final byte[] data = Files.readAllBytes(cq4);
        // a Sequenced message starts with its SBE header, little-endian: blockLength, templateId, schemaId, version
        final java.nio.ByteBuffer header = java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN)
            .putShort((short)io.hedge.codecs.fabric.SequencedEncoder.BLOCK_LENGTH)
            .putShort((short)io.hedge.codecs.fabric.SequencedEncoder.TEMPLATE_ID)
            .putShort((short)io.hedge.codecs.fabric.SequencedEncoder.SCHEMA_ID)
            .putShort((short)io.hedge.codecs.fabric.SequencedEncoder.SCHEMA_VERSION);
        final byte[] sbeHeader = header.array();
        outer:
        for (int i = from; i < data.length - sbeHeader.length; i++)
        {
            for (int j = 0; j < sbeHeader.length; j++)
            {
                if (data[i + j] != sbeHeader[j])
                {
                    continue outer;
                }
            }
            return i - 4;
        }
        throw new AssertionError("no record after " + from);
    }

    private int run(final String... args)
    {
        final PrintStream oldOut = System.out;
        final PrintStream oldErr = System.err;
        final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        try (PrintStream newOut = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
            PrintStream newErr = new PrintStream(errBytes, true, StandardCharsets.UTF_8))
        {
            System.setOut(newOut);
            System.setErr(newErr);
            return HedgeCommand.execute(args);
        }
        finally
        {
            System.setOut(oldOut);
            System.setErr(oldErr);
            out = outBytes.toString(StandardCharsets.UTF_8);
            err = errBytes.toString(StandardCharsets.UTF_8);
        }
    }
}
