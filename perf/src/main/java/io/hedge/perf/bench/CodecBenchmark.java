package io.hedge.perf.bench;

import io.hedge.codecs.FabricMessages;
import io.hedge.codecs.fabric.ClientRequestDecoder;
import io.hedge.codecs.fabric.ClientRequestEncoder;
import io.hedge.codecs.fabric.ClientResponseDecoder;
import io.hedge.codecs.fabric.ClientResponseEncoder;
import io.hedge.codecs.fabric.MessageHeaderDecoder;
import io.hedge.codecs.fabric.MessageHeaderEncoder;
import io.hedge.codecs.fabric.ResponseStatus;
import io.hedge.codecs.trading.ExecutionReportEncoder;
import io.hedge.codecs.trading.NewOrderEncoder;
import io.hedge.codecs.trading.OrderStatus;
import io.hedge.codecs.trading.Side;
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
 * SBE encode and decode of the two client-facing fabric messages, the way the client SDK and the gateway do it:
 * a {@code ClientRequest} carrying a 64-byte {@code NewOrder} payload, and a {@code ClientResponse} carrying the
 * engine's {@code ExecutionReport} (no fills, 74 bytes). Decoding checks the block and the var field as the
 * gateway's ingress and the SDK do ({@link FabricMessages}) and wraps the payload without copying it.
 * <p>
 * Each decode benchmark reads from a message encoded once in setup; each encode benchmark writes a new
 * correlation id every call; the round trips encode and then decode the same bytes.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Thread)
public class CodecBenchmark
{
    static final long CLIENT_ID = 42;

    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final ClientRequestEncoder requestEncoder = new ClientRequestEncoder();
    private final ClientRequestDecoder requestDecoder = new ClientRequestDecoder();
    private final ClientResponseEncoder responseEncoder = new ClientResponseEncoder();
    private final ClientResponseDecoder responseDecoder = new ClientResponseDecoder();

    /** The NewOrder payload of every request (64 bytes) and the ExecutionReport payload of every response. */
    private UnsafeBuffer newOrder;
    private int newOrderLength;
    private UnsafeBuffer executionReport;
    private int executionReportLength;

    /** Encode targets: what an offer or tryClaim would be handed. */
    private UnsafeBuffer requestOut;
    private UnsafeBuffer responseOut;
    /** Messages encoded once, for the decode-only benchmarks. */
    private UnsafeBuffer requestIn;
    private int requestInLength;
    private UnsafeBuffer responseIn;
    private int responseInLength;
    /** Zero-copy view of a decoded payload. */
    private final UnsafeBuffer payloadView = new UnsafeBuffer(0, 0);

    private long correlationId;

    @Setup(Level.Trial)
    public void setup()
    {
        newOrder = new UnsafeBuffer(BufferUtil.allocateDirectAligned(128, 64));
        newOrderLength = io.hedge.codecs.trading.MessageHeaderEncoder.ENCODED_LENGTH + new NewOrderEncoder()
            .wrapAndApplyHeader(newOrder, 0, new io.hedge.codecs.trading.MessageHeaderEncoder())
            .clientOrderId(7)
            .accountId(11)
            .price(1_000)
            .quantity(25)
            .userData(0)
            .instrumentId(3)
            .side(Side.BUY)
            .encodedLength();
        check(64 == newOrderLength, "NewOrder payload is " + newOrderLength + " bytes, expected 64");

        executionReport = new UnsafeBuffer(BufferUtil.allocateDirectAligned(256, 64));
        final ExecutionReportEncoder report = new ExecutionReportEncoder()
            .wrapAndApplyHeader(executionReport, 0, new io.hedge.codecs.trading.MessageHeaderEncoder())
            .orderId(1)
            .clientOrderId(7)
            .accountId(11)
            .price(1_000)
            .quantity(25)
            .filledQuantity(0)
            .leavesQuantity(25)
            .instrumentId(3)
            .side(Side.BUY)
            .status(OrderStatus.NEW);
        report.fillsCount(0);
        executionReportLength = io.hedge.codecs.trading.MessageHeaderEncoder.ENCODED_LENGTH + report.encodedLength();

        requestOut = new UnsafeBuffer(BufferUtil.allocateDirectAligned(1024, 64));
        responseOut = new UnsafeBuffer(BufferUtil.allocateDirectAligned(1024, 64));
        requestIn = new UnsafeBuffer(BufferUtil.allocateDirectAligned(1024, 64));
        responseIn = new UnsafeBuffer(BufferUtil.allocateDirectAligned(1024, 64));

        correlationId = 1_000;
        requestInLength = encodeRequest(requestIn, 999);
        responseInLength = encodeResponse(responseIn, 999);

        // a fast wrong answer is a failure: check both round trips once
        check(decodeRequest(requestIn, requestInLength) == 999 + CLIENT_ID + newOrder.getLong(8), "ClientRequest round trip");
        check(decodeResponse(responseIn, responseInLength) == 999 + 999 + 1 + executionReport.getLong(8),
            "ClientResponse round trip");
    }

    @Benchmark
    public int requestEncode()
    {
        return encodeRequest(requestOut, ++correlationId);
    }

    @Benchmark
    public long requestDecode()
    {
        return decodeRequest(requestIn, requestInLength);
    }

    @Benchmark
    public long requestEncodeDecode()
    {
        final int length = encodeRequest(requestOut, ++correlationId);
        return decodeRequest(requestOut, length);
    }

    @Benchmark
    public int responseEncode()
    {
        return encodeResponse(responseOut, ++correlationId);
    }

    @Benchmark
    public long responseDecode()
    {
        return decodeResponse(responseIn, responseInLength);
    }

    @Benchmark
    public long responseEncodeDecode()
    {
        final int length = encodeResponse(responseOut, ++correlationId);
        return decodeResponse(responseOut, length);
    }

    private int encodeRequest(final UnsafeBuffer buffer, final long correlationId)
    {
        requestEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .clientId(CLIENT_ID)
            .correlationId(correlationId)
            .putPayload(newOrder, 0, newOrderLength);
        return MessageHeaderEncoder.ENCODED_LENGTH + requestEncoder.encodedLength();
    }

    /** As the gateway's ingress decodes: checked header and block, checked var field, zero-copy payload. */
    private long decodeRequest(final UnsafeBuffer buffer, final int length)
    {
        if (!FabricMessages.hasBlock(buffer, 0, length, headerDecoder) ||
            headerDecoder.templateId() != ClientRequestDecoder.TEMPLATE_ID)
        {
            return -1;
        }
        final int blockLength = headerDecoder.blockLength();
        final int bodyOffset = MessageHeaderDecoder.ENCODED_LENGTH;
        requestDecoder.wrap(buffer, bodyOffset, blockLength, headerDecoder.version());
        final long clientId = requestDecoder.clientId();
        final long correlationId = requestDecoder.correlationId();
        final int payloadOffset = bodyOffset + blockLength;
        final int payloadLength = FabricMessages.varFieldLength(buffer, payloadOffset, length);
        if (payloadLength < 0)
        {
            return -2;
        }
        payloadView.wrap(buffer, payloadOffset + Integer.BYTES, payloadLength);
        return clientId + correlationId + payloadView.getLong(8);
    }

    private int encodeResponse(final UnsafeBuffer buffer, final long correlationId)
    {
        responseEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .correlationId(correlationId)
            .seq(correlationId)
            .status(ResponseStatus.OK)
            .replicaId(1)
            .putPayload(executionReport, 0, executionReportLength);
        return MessageHeaderEncoder.ENCODED_LENGTH + responseEncoder.encodedLength();
    }

    /** As the client SDK decodes a response. */
    private long decodeResponse(final UnsafeBuffer buffer, final int length)
    {
        if (!FabricMessages.hasBlock(buffer, 0, length, headerDecoder) ||
            headerDecoder.templateId() != ClientResponseDecoder.TEMPLATE_ID)
        {
            return -1;
        }
        final int blockLength = headerDecoder.blockLength();
        final int bodyOffset = MessageHeaderDecoder.ENCODED_LENGTH;
        responseDecoder.wrap(buffer, bodyOffset, blockLength, headerDecoder.version());
        final int payloadLength = FabricMessages.varFieldLength(buffer, bodyOffset + blockLength, length);
        if (payloadLength < 0)
        {
            return -2;
        }
        final long correlationId = responseDecoder.correlationId();
        final long seq = responseDecoder.seq();
        final ResponseStatus status = responseDecoder.status();
        final int replicaId = responseDecoder.replicaId();
        payloadView.wrap(buffer, bodyOffset + blockLength + Integer.BYTES, payloadLength);
        return correlationId + seq + replicaId + (ResponseStatus.OK == status ? 0 : 1_000_000) + payloadView.getLong(8);
    }

    /** For fixed messages only: the message is built before the call, even when the check passes. */
    static void check(final boolean condition, final String what)
    {
        if (!condition)
        {
            throw failure(what);
        }
    }

    static IllegalStateException failure(final String what)
    {
        return new IllegalStateException("benchmark self-check failed: " + what);
    }
}
