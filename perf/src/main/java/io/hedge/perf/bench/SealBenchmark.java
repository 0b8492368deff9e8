package io.hedge.perf.bench;

import io.hedge.codecs.fabric.MessageHeaderEncoder;
import io.hedge.codecs.fabric.ReplicaResponseEncoder;
import io.hedge.codecs.fabric.SequencedEncoder;
import io.hedge.transport.MemberSeal;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The cost member authentication adds per message on the hot path: sealing ({@link MemberSeal#seal}) and checking
 * ({@link MemberSeal#verify}) a {@code Sequenced} of 64 bytes on the wire (the gateway seals it once, each replica
 * checks it) and a {@code ReplicaResponse} of 100 bytes (each replica seals its own, the gateway checks every one).
 * The messages are encoded once in setup, as the senders encode them, into direct buffers as Aeron hands them.
 * Sealing rewrites the trailer each call; checking reads a message sealed in setup.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Thread)
public class SealBenchmark
{
    static final int SEQUENCED_LENGTH = 64;
    static final int RESPONSE_LENGTH = 100;

    private MemberSeal seal;
    private UnsafeBuffer sequenced;
    private UnsafeBuffer response;
    private int sealedSequencedLength;
    private int sealedResponseLength;

    @Setup(Level.Trial)
    public void setup()
    {
        final byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++)
        {
            key[i] = (byte)(31 * i + 7);
        }
        seal = new MemberSeal(key);
        final MessageHeaderEncoder header = new MessageHeaderEncoder();

        sequenced = new UnsafeBuffer(BufferUtil.allocateDirectAligned(256, 64));
        final SequencedEncoder sequencedEncoder = new SequencedEncoder().wrapAndApplyHeader(sequenced, 0, header)
            .epoch(3).seq(1_000_001).timestampNs(123_456_789L).clientId(42).correlationId(7);
        final int sequencedPayload = SEQUENCED_LENGTH - MessageHeaderEncoder.ENCODED_LENGTH -
            sequencedEncoder.encodedLength() - SequencedEncoder.payloadHeaderLength();
        sequencedEncoder.putPayload(new byte[sequencedPayload], 0, sequencedPayload);
        check(SEQUENCED_LENGTH, MessageHeaderEncoder.ENCODED_LENGTH + sequencedEncoder.encodedLength());
        sealedSequencedLength = seal.seal(sequenced, 0, SEQUENCED_LENGTH);

        response = new UnsafeBuffer(BufferUtil.allocateDirectAligned(256, 64));
        final ReplicaResponseEncoder responseEncoder = new ReplicaResponseEncoder()
            .wrapAndApplyHeader(response, 0, header)
            .epoch(3).seq(1_000_001).replicaId(2).stateHash(0x5eed).clientId(42).correlationId(7).outcome((short)0);
        final int fixed = MessageHeaderEncoder.ENCODED_LENGTH + responseEncoder.encodedLength() +
            ReplicaResponseEncoder.payloadHeaderLength() + ReplicaResponseEncoder.effectsHeaderLength() +
            ReplicaResponseEncoder.messagesHeaderLength();
        final int responsePayload = RESPONSE_LENGTH - fixed;
        responseEncoder.putPayload(new byte[responsePayload], 0, responsePayload);
        responseEncoder.putEffects(new byte[0], 0, 0);
        responseEncoder.putMessages(new byte[0], 0, 0);
        check(RESPONSE_LENGTH, MessageHeaderEncoder.ENCODED_LENGTH + responseEncoder.encodedLength());
        sealedResponseLength = seal.seal(response, 0, RESPONSE_LENGTH);
    }

    private static void check(final int expected, final int actual)
    {
        if (expected != actual)
        {
            throw new IllegalStateException("message is " + actual + " bytes, not " + expected);
        }
    }

    @Benchmark
    public int sealSequenced64()
    {
        return seal.seal(sequenced, 0, SEQUENCED_LENGTH);
    }

    @Benchmark
    public boolean verifySequenced64()
    {
        return seal.verify(sequenced, 0, sealedSequencedLength);
    }

    @Benchmark
    public int sealReplicaResponse100()
    {
        return seal.seal(response, 0, RESPONSE_LENGTH);
    }

    @Benchmark
    public boolean verifyReplicaResponse100()
    {
        return seal.verify(response, 0, sealedResponseLength);
    }
}
