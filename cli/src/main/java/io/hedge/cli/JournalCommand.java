package io.hedge.cli;

import io.hedge.codecs.SequencedPrincipal;
import io.hedge.codecs.fabric.MessageHeaderDecoder;
import io.hedge.codecs.fabric.MessageHeaderEncoder;
import io.hedge.codecs.fabric.SequencedDecoder;
import io.hedge.codecs.fabric.SequencedEncoder;
import io.hedge.codecs.trading.CancelOrderDecoder;
import io.hedge.codecs.trading.NewOrderDecoder;
import io.hedge.codecs.trading.TransferDecoder;
import io.hedge.journal.JournalCorruptException;
import io.hedge.journal.JournalReader;
import io.hedge.journal.JournalVerifier;
import io.hedge.journal.SequencedJournal;
import io.hedge.replicas.JournalReplayer;
import io.hedge.replicas.StateMachine;
import io.hedge.replicas.StateMachineFactory;
import io.hedge.replicas.trading.TradingConfig;
import io.hedge.replicas.trading.TradingWorkload;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Offline tools for journals of sequenced messages: dump, verify, replay and generate. A corrupt or truncated journal
 * is reported with its file and position and exit code 1; nothing is skipped.
 */
@Command(name = "journal", mixinStandardHelpOptions = true,
    description = "Offline tools for a journal of sequenced messages (a gateway's or a replica's journal directory).",
    subcommands = {
        JournalCommand.Dump.class,
        JournalCommand.Verify.class,
        JournalCommand.Replay.class,
        JournalCommand.Generate.class
    })
final class JournalCommand implements Runnable
{
    static final long PROGRESS_INTERVAL_NS = TimeUnit.SECONDS.toNanos(1);

    @Spec
    CommandSpec spec;

    @Override
    public void run()
    {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static int corrupt(final PrintWriter err, final JournalCorruptException ex)
    {
        err.println("hedge journal: " + ex.getMessage());
        err.flush();
        return 1;
    }

    @Command(name = "dump", mixinStandardHelpOptions = true,
        description = "Print one line per record: seq, epoch, timestamp, clientId, correlationId, payload length and " +
            "the decoded trading request (hex for other payloads).")
    static final class Dump implements Callable<Integer>
    {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "DIR", description = "journal directory")
        Path dir;

        @Option(names = "--from", paramLabel = "SEQ", description = "first seq to print (default: the first)")
        Long from;

        @Option(names = "--to", paramLabel = "SEQ", description = "last seq to print (default: the last)")
        Long to;

        @Override
        public Integer call()
        {
            JournalDirectory.require(dir);
            if (null != from && null != to && from > to)
            {
                throw new IllegalArgumentException("--from " + from + " is after --to " + to);
            }
            final PrintWriter out = spec.commandLine().getOut();
            final RecordFormatter formatter = new RecordFormatter();
            final StringBuilder line = new StringBuilder(256);
            final long last = null == to ? Long.MAX_VALUE : to;
            final boolean[] done = {false};
            try (SequencedJournal journal = SequencedJournal.open(dir);
                JournalReader reader = journal.reader())
            {
                if (null != from && from > journal.firstSeq() && !reader.seekToSeq(from))
                {
                    return 0; // nothing at or after --from
                }
                while (!done[0] && reader.readNext((buffer, offset, length) ->
                {
                    final long seq = formatter.format(buffer, offset, line);
                    if (seq > last)
                    {
                        done[0] = true;
                    }
                    else if (null == from || seq >= from)
                    {
                        out.println(line);
                    }
                }))
                {
                    // each record is printed by the handler
                }
            }
            catch (final JournalCorruptException ex)
            {
                out.flush();
                return corrupt(spec.commandLine().getErr(), ex);
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Read every record and check it: readable, well-formed, seqs contiguous. Exit code 1 with the " +
            "file and position of the first problem.")
    static final class Verify implements Callable<Integer>
    {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "DIR", description = "journal directory")
        Path dir;

        @Override
        public Integer call()
        {
            final PrintWriter err = spec.commandLine().getErr();
            JournalDirectory.requireDirectory(dir);
            if (!JournalDirectory.holdsQueueFiles(dir))
            {
                // verify fails on what is not a journal, as on a corrupt one: a script that verifies must not pass
                err.println(spec.qualifiedName() + ": " + JournalDirectory.notAJournal(dir));
                err.println("FAILED");
                err.flush();
                return 1;
            }
            final PrintWriter out = spec.commandLine().getOut();
            final long startNs = System.nanoTime();
            final JournalVerifier.Result result = JournalVerifier.verify(dir);
            final double seconds = (System.nanoTime() - startNs) / 1e9;
            out.printf("journal %s: %d records%s in %d file(s), read in %.3f s%n", dir, result.records(),
                result.records() == 0 ? "" : ", seqs " + result.firstSeq() + ".." + result.lastSeq(), result.files(),
                seconds);
            if (result.ok())
            {
                out.println("OK");
                out.flush();
                return 0;
            }
            out.flush();
            final JournalVerifier.Problem problem = result.problem();
            err.printf("hedge journal verify: %s%n", problem.kind());
            err.printf("  file:   %s%n", problem.file());
            err.printf("  index:  %s%n", problem.index() < 0 ? "unknown" :
                problem.index() + " (0x" + Long.toHexString(problem.index()) + ")");
            err.printf("  offset: %s%n", problem.offset() < 0 ? "unknown" : "byte " + problem.offset() + " of the file");
            err.printf("  after:  %s%n", result.records() == 0 ? "no readable record" :
                result.records() + " good records, last seq " + result.lastSeq());
            err.printf("  reason: %s%n", problem.description());
            err.println("FAILED");
            err.flush();
            return 1;
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Run every record through a fresh state machine, as a replica would, and print the rate and " +
            "the final state hashes: the sample trading engine (configured by trading.accounts and trading.instruments) " +
            "unless --state-machine names another.")
    static final class Replay implements Callable<Integer>
    {
        @Spec
        CommandSpec spec;

        @Mixin
        ConfigOptions options;

        @Mixin
        StateMachineOptions stateMachine;

        @Parameters(index = "0", paramLabel = "DIR", description = "journal directory")
        Path dir;

        @Override
        public Integer call()
        {
            final HedgeConfig config = stateMachine.applyTo(options.load());
            final StateMachineFactory stateMachines = config.stateMachineFactory();
            JournalDirectory.require(dir);
            final TradingConfig trading = config.tradingConfig();
            final PrintWriter out = spec.commandLine().getOut();
            final StateMachine engine = stateMachines.newStateMachine();
            final JournalReplayer replayer = new JournalReplayer(engine, stateMachines.maxResponseLength());
            final JournalReplayer.Result result;
            try (SequencedJournal journal = SequencedJournal.open(dir))
            {
                out.printf("replaying %s: seqs %d..%d, %s%n", dir, journal.firstSeq(), journal.lastSeq(),
                    StateMachineChoice.isTradingEngine(config) ? String.format("%d accounts, %d instruments",
                    trading.accounts(), trading.instruments()) : "state machine " + stateMachines);
                if (journal.firstSeq() > 1)
                {
                    out.printf("note: the journal starts at seq %d (its replica began from a snapshot at seq %d): " +
                        "replayed here on an empty state machine, the hashes are not the replica's%n",
                        journal.firstSeq(), journal.firstSeq() - 1);
                }
                out.flush();
                result = replayer.replay(journal, (applied, lastSeq, elapsedNs) ->
                {
                    out.printf("  ... %,d records, seq %d, %,.0f msg/s%n", applied, lastSeq, applied * 1e9 / elapsedNs);
                    out.flush();
                }, PROGRESS_INTERVAL_NS);
            }
            catch (final JournalCorruptException ex)
            {
                out.flush();
                return corrupt(spec.commandLine().getErr(), ex);
            }
            out.printf("records:          %d (last seq %d, epoch %d)%n", result.applied(), result.lastSeq(),
                result.lastEpoch());
            out.printf("elapsed:          %.3f s%n", result.elapsedNs() / 1e9);
            out.printf("rate:             %,.0f msg/s%n", result.ratePerSecond());
            out.printf("state hash:       %016x%n", result.stateHash());
            out.printf("full state hash:  %016x%n", engine.fullStateHash());
            out.flush();
            return 0;
        }
    }

    @Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Write a journal of seeded trading requests (epoch 1, seqs 1..N, correlationId = seq), for " +
            "replay measurements and tests. Refuses a directory that is not empty.")
    static final class Generate implements Callable<Integer>
    {
        static final long CLIENT_ID = 1;
        static final long EPOCH = 1;
        /** 2026-01-01T00:00:00Z: generated journals are reproducible, timestamps 1 µs apart from here. */
        static final long START_TIMESTAMP_NS = 1_767_225_600_000_000_000L;
        static final long TIMESTAMP_STEP_NS = 1_000;

        @Spec
        CommandSpec spec;

        @Mixin
        ConfigOptions options;

        @Parameters(index = "0", paramLabel = "DIR", description = "journal directory, absent or empty")
        Path dir;

        @Option(names = "--count", required = true, paramLabel = "N", description = "records to write")
        long count;

        @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "workload seed (default: ${DEFAULT-VALUE})")
        long seed;

        @Option(names = "--mix", defaultValue = "80,15,5", paramLabel = "O,C,T",
            description = "percent of orders, cancels and transfers (default: ${DEFAULT-VALUE})")
        String mix;

        @Override
        public Integer call() throws IOException
        {
            if (count < 1)
            {
                throw new IllegalArgumentException("--count must be >= 1: " + count);
            }
            final int[] percent = parseMix(mix);
            requireEmpty(dir);
            final TradingConfig trading = options.load().tradingConfig();
            final TradingWorkload workload = new TradingWorkload(seed, trading, percent[0], percent[1], percent[2]);
            final PrintWriter out = spec.commandLine().getOut();
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1024]);
            final MessageHeaderEncoder header = new MessageHeaderEncoder();
            final SequencedEncoder encoder = new SequencedEncoder();
            final int payloadOffset = MessageHeaderEncoder.ENCODED_LENGTH + SequencedEncoder.BLOCK_LENGTH +
                SequencedEncoder.payloadHeaderLength();
            final long startNs = System.nanoTime();
            long nextProgressNs = startNs + PROGRESS_INTERVAL_NS;
            try (SequencedJournal journal = SequencedJournal.open(dir))
            {
                for (long seq = 1; seq <= count; seq++)
                {
                    // the request is written in place, then its length goes in front of it
                    final int payloadLength = workload.next(buffer, payloadOffset);
                    encoder.wrapAndApplyHeader(buffer, 0, header)
                        .epoch(EPOCH)
                        .seq(seq)
                        .timestampNs(START_TIMESTAMP_NS + (seq - 1) * TIMESTAMP_STEP_NS)
                        .clientId(CLIENT_ID)
                        .correlationId(seq)
                        .principalId(SequencedPrincipal.ANONYMOUS);
                    buffer.putInt(encoder.limit(), payloadLength, SequencedEncoder.BYTE_ORDER);
                    journal.append(buffer, 0, payloadOffset + payloadLength);
                    if ((seq & 0xFFFF) == 0)
                    {
                        final long nowNs = System.nanoTime();
                        if (nowNs - nextProgressNs >= 0)
                        {
                            out.printf("  ... %,d records written%n", seq);
                            out.flush();
                            nextProgressNs = nowNs + PROGRESS_INTERVAL_NS;
                        }
                    }
                }
            }
            final double seconds = (System.nanoTime() - startNs) / 1e9;
            out.printf("wrote %d records (seqs 1..%d, seed %d, mix %d/%d/%d: %d orders, %d cancels, %d transfers) " +
                "to %s in %.3f s%n", count, count, seed, percent[0], percent[1], percent[2], workload.ordersSent(),
                workload.cancelsSent(), workload.transfersSent(), dir, seconds);
            out.flush();
            return 0;
        }

        static int[] parseMix(final String mix)
        {
            final String[] parts = mix.split(",");
            if (parts.length != 3)
            {
                throw new IllegalArgumentException("--mix must be ORDERS,CANCELS,TRANSFERS percentages: " + mix);
            }
            final int[] percent = new int[3];
            try
            {
                for (int i = 0; i < 3; i++)
                {
                    percent[i] = Integer.parseInt(parts[i].trim());
                }
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException("--mix must be three integers: " + mix);
            }
            return percent;
        }

        private static void requireEmpty(final Path dir) throws IOException
        {
            if (Files.exists(dir))
            {
                if (!Files.isDirectory(dir))
                {
                    throw new IllegalArgumentException(dir + " is not a directory");
                }
                try (Stream<Path> entries = Files.list(dir))
                {
                    if (entries.findAny().isPresent())
                    {
                        throw new IllegalArgumentException("refusing to write into " + dir + ": it is not empty");
                    }
                }
            }
        }
    }

    /** One line per record; reuses its decoders. */
    static final class RecordFormatter
    {
        private final MessageHeaderDecoder header = new MessageHeaderDecoder();
        private final SequencedDecoder sequenced = new SequencedDecoder();
        private final io.hedge.codecs.trading.MessageHeaderDecoder tradingHeader =
            new io.hedge.codecs.trading.MessageHeaderDecoder();
        private final NewOrderDecoder newOrder = new NewOrderDecoder();
        private final CancelOrderDecoder cancel = new CancelOrderDecoder();
        private final TransferDecoder transfer = new TransferDecoder();

        /** Formats the record into line (cleared first); returns its seq. */
        long format(final DirectBuffer buffer, final int offset, final StringBuilder line)
        {
            sequenced.wrapAndApplyHeader(buffer, offset, header);
            final long seq = sequenced.seq();
            final int payloadLength = sequenced.payloadLength();
            final int payloadOffset = sequenced.limit() + Integer.BYTES;
            line.setLength(0);
            line.append("seq=").append(seq)
                .append(" epoch=").append(sequenced.epoch())
                .append(" time=").append(instant(sequenced.timestampNs()))
                .append(" clientId=").append(sequenced.clientId())
                .append(" correlationId=").append(sequenced.correlationId())
                .append(" principal=").append(SequencedPrincipal.of(sequenced, header.blockLength()))
                .append(" payload=").append(payloadLength).append("B ");
            payload(buffer, payloadOffset, payloadLength, line);
            return seq;
        }

        private static String instant(final long epochNs)
        {
            return Instant.ofEpochSecond(Math.floorDiv(epochNs, 1_000_000_000L), Math.floorMod(epochNs, 1_000_000_000L))
                .toString();
        }

        private void payload(final DirectBuffer buffer, final int offset, final int length, final StringBuilder line)
        {
            final int headerLength = io.hedge.codecs.trading.MessageHeaderDecoder.ENCODED_LENGTH;
            if (length >= headerLength)
            {
                tradingHeader.wrap(buffer, offset);
                final int blockLength = tradingHeader.blockLength();
                if (tradingHeader.schemaId() == NewOrderDecoder.SCHEMA_ID && headerLength + blockLength <= length)
                {
                    final int version = tradingHeader.version();
                    switch (tradingHeader.templateId())
                    {
                        case NewOrderDecoder.TEMPLATE_ID:
                            if (blockLength >= NewOrderDecoder.BLOCK_LENGTH)
                            {
                                newOrder.wrap(buffer, offset + headerLength, blockLength, version);
                                line.append("NewOrder account=").append(newOrder.accountId())
                                    .append(" instrument=").append(newOrder.instrumentId())
                                    .append(' ').append(newOrder.side())
                                    .append(' ').append(newOrder.quantity()).append('@').append(newOrder.price())
                                    .append(" clientOrderId=").append(newOrder.clientOrderId());
                                return;
                            }
                            break;
                        case CancelOrderDecoder.TEMPLATE_ID:
                            if (blockLength >= CancelOrderDecoder.BLOCK_LENGTH)
                            {
                                cancel.wrap(buffer, offset + headerLength, blockLength, version);
                                line.append("CancelOrder account=").append(cancel.accountId())
                                    .append(" instrument=").append(cancel.instrumentId())
                                    .append(" orderId=").append(cancel.orderId());
                                return;
                            }
                            break;
                        case TransferDecoder.TEMPLATE_ID:
                            if (blockLength >= TransferDecoder.BLOCK_LENGTH)
                            {
                                transfer.wrap(buffer, offset + headerLength, blockLength, version);
                                line.append("Transfer transferId=").append(transfer.transferId())
                                    .append(" from=").append(transfer.fromAccountId())
                                    .append(" to=").append(transfer.toAccountId())
                                    .append(" amount=").append(transfer.amount());
                                return;
                            }
                            break;
                        default:
                            break;
                    }
                }
            }
            line.append("hex=");
            for (int i = 0; i < length; i++)
            {
                final int b = buffer.getByte(offset + i) & 0xFF;
                line.append(Character.forDigit(b >>> 4, 16)).append(Character.forDigit(b & 0xF, 16));
            }
        }
    }
}
