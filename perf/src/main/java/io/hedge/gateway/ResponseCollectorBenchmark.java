package io.hedge.gateway;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.concurrent.TimeUnit;

/**
 * The gateway's per-request collector path as a term drives it with three healthy replicas: register a seq, then
 * the three replicas' responses (same state hash) arrive; the answer leaves (at the first response under
 * {@code first}, at the second under {@code majority}), the commit seq advances and the commit listener hears the
 * seq. The forwarder and the listener only hand their arguments to a {@link Blackhole}. Must allocate nothing.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Thread)
public class ResponseCollectorBenchmark
{
    private static final int HEADER = 64;
    private static final int PAYLOAD = 48;

    @Param({"majority", "first"})
    public String durability;

    private ResponseCollector collector;
    private final UnsafeBuffer message = new UnsafeBuffer(new byte[HEADER + PAYLOAD]);
    private long seq;
    private long hash;

    @Setup(Level.Trial)
    public void setup(final Blackhole blackhole)
    {
        final ResponseCollector.ResponseForwarder forwarder =
            (clientId, correlationId, seq, replicaId, outcome, buffer, offset, length) -> blackhole.consume(length);
        final CommitListener committed =
            (seq, replicaId, buffer, offset, length) -> blackhole.consume(seq);
        collector = new ResponseCollector(64 * 1024, 16 * 1024 * 1024, Durability.parse(durability), 3, 1, 1,
            forwarder, committed, (replicaId, seq, majorityHash) -> true);
        message.setMemory(0, message.capacity(), (byte)7);
    }

    @Benchmark
    public boolean registerAndThreeResponses()
    {
        final long next = ++seq;
        if (!collector.hasCapacity())
        {
            throw new IllegalStateException("the collector pushed back at seq " + next);
        }
        collector.onSequenced(next, 42, next);
        hash = hash * 31 + next;
        respond(next, 2);
        respond(next, 1);
        return respond(next, 3);
    }

    private boolean respond(final long seq, final int replicaId)
    {
        final DirectBuffer buffer = message;
        return collector.onResponse(seq, replicaId, hash, buffer, 0, HEADER + PAYLOAD, HEADER, PAYLOAD);
    }
}
