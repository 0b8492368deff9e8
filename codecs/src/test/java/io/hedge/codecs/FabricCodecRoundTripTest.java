package io.hedge.codecs;

import io.hedge.codecs.fabric.ClientConnectDecoder;
import io.hedge.codecs.fabric.ClientConnectEncoder;
import io.hedge.codecs.fabric.ClientConnectedDecoder;
import io.hedge.codecs.fabric.ClientConnectedEncoder;
import io.hedge.codecs.fabric.ClientRequestDecoder;
import io.hedge.codecs.fabric.ClientRequestEncoder;
import io.hedge.codecs.fabric.ClientResponseDecoder;
import io.hedge.codecs.fabric.ClientResponseEncoder;
import io.hedge.codecs.fabric.ConnectStatus;
import io.hedge.codecs.fabric.FabricStatusDecoder;
import io.hedge.codecs.fabric.FabricStatusEncoder;
import io.hedge.codecs.fabric.GatewayHeartbeatDecoder;
import io.hedge.codecs.fabric.GatewayHeartbeatEncoder;
import io.hedge.codecs.fabric.MessageHeaderDecoder;
import io.hedge.codecs.fabric.MessageHeaderEncoder;
import io.hedge.codecs.fabric.ReplicaResponseDecoder;
import io.hedge.codecs.fabric.ReplicaResponseEncoder;
import io.hedge.codecs.fabric.ReplicaState;
import io.hedge.codecs.fabric.ReplicaStatusDecoder;
import io.hedge.codecs.fabric.ReplicaStatusEncoder;
import io.hedge.codecs.fabric.ResponseStatus;
import io.hedge.codecs.fabric.RetransmitRequestDecoder;
import io.hedge.codecs.fabric.RetransmitRequestEncoder;
import io.hedge.codecs.fabric.SequencedDecoder;
import io.hedge.codecs.fabric.SequencedEncoder;
import io.hedge.codecs.fabric.StatusQueryDecoder;
import io.hedge.codecs.fabric.StatusQueryEncoder;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Round trip of every message of the fabric schema: encode with its header, decode the header, decode the body
 * both with {@code wrapAndApplyHeader} and with {@code wrap} (acting block length and version from the header),
 * and check every field and the total length.
 */
class FabricCodecRoundTripTest
{
    private static final int SCHEMA_ID = 7701;
    private static final int SCHEMA_VERSION = 5;
    /** A ReplicaResponse's external effects: length-prefixed messages, opaque to the fabric. */
    private static final byte[] EFFECTS = {3, 0, 0, 0, 1, 2, 3};
    /** One session message: client id 9, length 2, two bytes. */
    private static final byte[] MESSAGES = {9, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 5, 6};
    private static final int HEADER_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH;
    /** Encode at an odd, non-zero offset so that offset arithmetic is exercised. */
    private static final int OFFSET = 13;
    private static final int LARGE_PAYLOAD = 64 * 1024;

    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();

    private static MutableDirectBuffer smallBuffer()
    {
        return new UnsafeBuffer(ByteBuffer.allocateDirect(4096));
    }

    /** A buffer big enough for the payload: a fixed direct buffer, or an expandable one for large payloads. */
    private static MutableDirectBuffer bufferFor(final int payloadLength)
    {
        return payloadLength > 1024 ? new ExpandableArrayBuffer(128) : smallBuffer();
    }

    private static byte[] payload(final int length, final int seed)
    {
        final byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)(i * 31 + seed);
        }
        return bytes;
    }

    private void assertHeader(
        final DirectBuffer buffer, final int templateId, final int blockLength)
    {
        headerDecoder.wrap(buffer, OFFSET);
        assertEquals(templateId, headerDecoder.templateId(), "templateId");
        assertEquals(SCHEMA_ID, headerDecoder.schemaId(), "schemaId");
        assertEquals(SCHEMA_VERSION, headerDecoder.version(), "version");
        assertEquals(blockLength, headerDecoder.blockLength(), "blockLength");
    }

    // ---------------------------------------------------------------------------------------------- ClientConnect

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "a",
        "aeron:udp?endpoint=localhost:40123",
        "aeron:udp?endpoint=127.0.0.1:40123|alias=Zürich-東京-€-\uD83D\uDE80",
        "ñ"})
    void clientConnect(final String channel)
    {
        final MutableDirectBuffer buffer = smallBuffer();
        final ClientConnectEncoder encoder = new ClientConnectEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .clientId(0x1122_3344_5566_7788L)
            .responseStreamId(1_002)
            .responseChannel(channel)
            .putCredentials(new byte[] {7, 0, -1}, 0, 3);
        final int channelBytes = channel.getBytes(StandardCharsets.UTF_8).length;
        assertEquals(ClientConnectEncoder.BLOCK_LENGTH + 4 + channelBytes + 4 + 3, encoder.encodedLength());
        assertHeader(buffer, ClientConnectEncoder.TEMPLATE_ID, ClientConnectEncoder.BLOCK_LENGTH);

        final Consumer<ClientConnectDecoder> check = (d) ->
        {
            assertEquals(encoder.encodedLength(), d.sbeDecodedLength());
            assertEquals(0x1122_3344_5566_7788L, d.clientId());
            assertEquals(1_002, d.responseStreamId());
            assertEquals(channelBytes, d.responseChannelLength());
            assertEquals(channel, d.responseChannel());
            final byte[] credentials = new byte[d.credentialsLength()];
            d.getCredentials(credentials, 0, credentials.length);
            assertArrayEquals(new byte[] {7, 0, -1}, credentials);
            assertEquals(OFFSET + HEADER_LENGTH + encoder.encodedLength(), d.limit());
        };
        check.accept(new ClientConnectDecoder().wrapAndApplyHeader(buffer, OFFSET, headerDecoder));
        check.accept(new ClientConnectDecoder().wrap(
            buffer, OFFSET + HEADER_LENGTH, headerDecoder.blockLength(), headerDecoder.version()));
    }

    @Test
    void clientConnectNonAsciiChannelRawBytes()
    {
        final String channel = "aeron:udp?endpoint=[::1]:40123|alias=Ångström-日本語";
        final byte[] expected = channel.getBytes(StandardCharsets.UTF_8);
        assertTrue(expected.length > channel.length(), "the channel must contain multi-byte characters");

        final MutableDirectBuffer buffer = smallBuffer();
        new ClientConnectEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .clientId(-1L)
            .responseStreamId(Integer.MIN_VALUE)
            .responseChannel(channel);

        final ClientConnectDecoder decoder = new ClientConnectDecoder().wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertEquals(-1L, decoder.clientId());
        assertEquals(Integer.MIN_VALUE, decoder.responseStreamId());
        final byte[] actual = new byte[decoder.responseChannelLength()];
        assertEquals(expected.length, decoder.getResponseChannel(actual, 0, actual.length));
        assertArrayEquals(expected, actual);
    }

    // -------------------------------------------------------------------------------------------- ClientConnected

    @ParameterizedTest
    @EnumSource(value = ConnectStatus.class, mode = EnumSource.Mode.EXCLUDE, names = "NULL_VAL")
    void clientConnected(final ConnectStatus status)
    {
        final String detail = status == ConnectStatus.OK ? "" : "rejected: epoch ≠ 7 — try the standby";
        final MutableDirectBuffer buffer = smallBuffer();
        final ClientConnectedEncoder encoder = new ClientConnectedEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .clientId(42L)
            .epoch(7L)
            .lastCorrelationId(Long.MAX_VALUE)
            .gatewayId(3)
            .status(status)
            .maxPayloadLength(65_536)
            .detail(detail);
        assertHeader(buffer, ClientConnectedEncoder.TEMPLATE_ID, ClientConnectedEncoder.BLOCK_LENGTH);

        final Consumer<ClientConnectedDecoder> check = (d) ->
        {
            assertEquals(encoder.encodedLength(), d.sbeDecodedLength());
            assertEquals(42L, d.clientId());
            assertEquals(7L, d.epoch());
            assertEquals(Long.MAX_VALUE, d.lastCorrelationId());
            assertEquals(3, d.gatewayId());
            assertEquals(status, d.status());
            assertEquals(65_536, d.maxPayloadLength());
            assertEquals(detail.getBytes(StandardCharsets.UTF_8).length, d.detailLength());
            assertEquals(detail, d.detail());
            assertEquals(OFFSET + HEADER_LENGTH + encoder.encodedLength(), d.limit());
        };
        check.accept(new ClientConnectedDecoder().wrapAndApplyHeader(buffer, OFFSET, headerDecoder));
        check.accept(new ClientConnectedDecoder().wrap(
            buffer, OFFSET + HEADER_LENGTH, headerDecoder.blockLength(), headerDecoder.version()));
    }

    // ---------------------------------------------------------------------------------------------- ClientRequest

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 64, LARGE_PAYLOAD})
    void clientRequest(final int payloadLength)
    {
        final byte[] payload = payload(payloadLength, 3);
        final MutableDirectBuffer buffer = bufferFor(payloadLength);
        final ClientRequestEncoder encoder = new ClientRequestEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .clientId(Long.MIN_VALUE + 1)
            .correlationId(987_654_321L)
            .putPayload(payload, 0, payload.length);
        assertEquals(ClientRequestEncoder.BLOCK_LENGTH + 4 + payloadLength, encoder.encodedLength());
        assertHeader(buffer, ClientRequestEncoder.TEMPLATE_ID, ClientRequestEncoder.BLOCK_LENGTH);

        final Consumer<ClientRequestDecoder> check = (d) ->
        {
            assertEquals(encoder.encodedLength(), d.sbeDecodedLength());
            assertEquals(Long.MIN_VALUE + 1, d.clientId());
            assertEquals(987_654_321L, d.correlationId());
            assertEquals(payloadLength, d.payloadLength());
            final byte[] actual = new byte[payloadLength];
            assertEquals(payloadLength, d.getPayload(actual, 0, payloadLength));
            assertArrayEquals(payload, actual);
            assertEquals(OFFSET + HEADER_LENGTH + encoder.encodedLength(), d.limit());
        };
        check.accept(new ClientRequestDecoder().wrapAndApplyHeader(buffer, OFFSET, headerDecoder));
        check.accept(new ClientRequestDecoder().wrap(
            buffer, OFFSET + HEADER_LENGTH, headerDecoder.blockLength(), headerDecoder.version()));
    }

    // -------------------------------------------------------------------------------------------------- Sequenced

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 60 * 1024, LARGE_PAYLOAD})
    void sequenced(final int payloadLength)
    {
        final byte[] payload = payload(payloadLength, 5);
        final MutableDirectBuffer buffer = bufferFor(payloadLength);
        final UnsafeBuffer payloadSource = new UnsafeBuffer(payload);
        final SequencedEncoder encoder = new SequencedEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .epoch(11L)
            .seq(1_000_001L)
            .timestampNs(1_700_000_000_123_456_789L)
            .clientId(77L)
            .correlationId(-5L)
            .principalId(65_535)
            .putPayload(payloadSource, 0, payloadLength);
        assertEquals(SequencedEncoder.BLOCK_LENGTH + 4 + payloadLength, encoder.encodedLength());
        assertEquals(44, SequencedEncoder.BLOCK_LENGTH);
        assertHeader(buffer, SequencedEncoder.TEMPLATE_ID, SequencedEncoder.BLOCK_LENGTH);

        final Consumer<SequencedDecoder> check = (d) ->
        {
            assertEquals(encoder.encodedLength(), d.sbeDecodedLength());
            assertEquals(11L, d.epoch());
            assertEquals(1_000_001L, d.seq());
            assertEquals(1_700_000_000_123_456_789L, d.timestampNs());
            assertEquals(77L, d.clientId());
            assertEquals(-5L, d.correlationId());
            assertEquals(65_535, d.principalId());
            assertEquals(65_535, SequencedPrincipal.of(d, SequencedEncoder.BLOCK_LENGTH));
            assertEquals(payloadLength, d.payloadLength());
            final UnsafeBuffer view = new UnsafeBuffer(0, 0);
            d.wrapPayload(view);
            assertEquals(payloadLength, view.capacity());
            final byte[] actual = new byte[payloadLength];
            view.getBytes(0, actual);
            assertArrayEquals(payload, actual);
            assertEquals(OFFSET + HEADER_LENGTH + encoder.encodedLength(), d.limit());
        };
        check.accept(new SequencedDecoder().wrapAndApplyHeader(buffer, OFFSET, headerDecoder));
        check.accept(new SequencedDecoder().wrap(
            buffer, OFFSET + HEADER_LENGTH, headerDecoder.blockLength(), headerDecoder.version()));
    }

    /**
     * A Sequenced record of schema version 3, as journals written before principals hold: a block that ends where
     * principalId begins. It decodes with its own block length and version, and its principal reads as 0 (anonymous),
     * never as the payload length that follows its block.
     */
    @Test
    void aVersion3SequencedHasPrincipalZero()
    {
        final int oldBlockLength = SequencedEncoder.principalIdEncodingOffset();
        final MutableDirectBuffer buffer = smallBuffer();
        headerEncoder.wrap(buffer, OFFSET).blockLength(oldBlockLength).templateId(SequencedEncoder.TEMPLATE_ID)
            .schemaId(SCHEMA_ID).version(3);
        new SequencedEncoder().wrap(buffer, OFFSET + HEADER_LENGTH).epoch(2).seq(9).timestampNs(3).clientId(77)
            .correlationId(4);
        buffer.putInt(OFFSET + HEADER_LENGTH + oldBlockLength, 3, SequencedEncoder.BYTE_ORDER);
        buffer.putBytes(OFFSET + HEADER_LENGTH + oldBlockLength + 4, new byte[]{1, 2, 3});

        final SequencedDecoder d = new SequencedDecoder().wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertEquals(9, d.seq());
        assertEquals(77, d.clientId());
        assertEquals(0, SequencedPrincipal.of(d, headerDecoder.blockLength()));
        assertEquals(3, d.payloadLength());
        assertEquals(oldBlockLength + 4 + 3, d.sbeDecodedLength());

        // a version 4 header on a block too short for the field: still 0, not the payload length read as a principal
        headerEncoder.wrap(buffer, OFFSET).version(4);
        final SequencedDecoder lying = new SequencedDecoder().wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertEquals(0, SequencedPrincipal.of(lying, headerDecoder.blockLength()));
    }

    @Test
    void wrapAndApplyHeaderRejectsAnotherTemplate()
    {
        final MutableDirectBuffer buffer = smallBuffer();
        new StatusQueryEncoder().wrapAndApplyHeader(buffer, OFFSET, headerEncoder).clientId(1).correlationId(2);
        assertThrows(IllegalStateException.class,
            () -> new SequencedDecoder().wrapAndApplyHeader(buffer, OFFSET, headerDecoder));
    }

    // -------------------------------------------------------------------------------------------- ReplicaResponse

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 200, LARGE_PAYLOAD})
    void replicaResponse(final int payloadLength)
    {
        final byte[] payload = payload(payloadLength, 7);
        final MutableDirectBuffer buffer = bufferFor(payloadLength);
        final ReplicaResponseEncoder encoder = new ReplicaResponseEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .epoch(2L)
            .seq(123_456_789_012L)
            .replicaId(-9)
            .stateHash(0xDEAD_BEEF_CAFE_BABEL)
            .clientId(1234L)
            .correlationId(5678L)
            .putPayload(payload, 0, payloadLength)
            .putEffects(EFFECTS, 0, EFFECTS.length)
            .putMessages(MESSAGES, 0, MESSAGES.length);
        assertEquals(ReplicaResponseEncoder.BLOCK_LENGTH + 4 + payloadLength + 4 + EFFECTS.length + 4 +
            MESSAGES.length, encoder.encodedLength());
        assertHeader(buffer, ReplicaResponseEncoder.TEMPLATE_ID, ReplicaResponseEncoder.BLOCK_LENGTH);

        final Consumer<ReplicaResponseDecoder> check = (d) ->
        {
            assertEquals(encoder.encodedLength(), d.sbeDecodedLength());
            assertEquals(2L, d.epoch());
            assertEquals(123_456_789_012L, d.seq());
            assertEquals(-9, d.replicaId());
            assertEquals(0xDEAD_BEEF_CAFE_BABEL, d.stateHash());
            assertEquals(1234L, d.clientId());
            assertEquals(5678L, d.correlationId());
            assertEquals(payloadLength, d.payloadLength());
            final ExpandableArrayBuffer copy = new ExpandableArrayBuffer(16); // grows while copying
            assertEquals(payloadLength, d.getPayload(copy, 0, payloadLength));
            final byte[] actual = new byte[payloadLength];
            copy.getBytes(0, actual);
            assertArrayEquals(payload, actual);
            final byte[] effects = new byte[EFFECTS.length];
            assertEquals(EFFECTS.length, d.getEffects(effects, 0, effects.length));
            assertArrayEquals(EFFECTS, effects);
            final byte[] messages = new byte[MESSAGES.length];
            assertEquals(MESSAGES.length, d.getMessages(messages, 0, messages.length));
            assertArrayEquals(MESSAGES, messages);
            assertEquals(OFFSET + HEADER_LENGTH + encoder.encodedLength(), d.limit());
        };
        check.accept(new ReplicaResponseDecoder().wrapAndApplyHeader(buffer, OFFSET, headerDecoder));
        check.accept(new ReplicaResponseDecoder().wrap(
            buffer, OFFSET + HEADER_LENGTH, headerDecoder.blockLength(), headerDecoder.version()));
    }

    // --------------------------------------------------------------------------------------------- ClientResponse

    @ParameterizedTest
    @EnumSource(value = ResponseStatus.class, mode = EnumSource.Mode.EXCLUDE, names = "NULL_VAL")
    void clientResponseEveryStatus(final ResponseStatus status)
    {
        clientResponse(status, status == ResponseStatus.OK ? 1 : 0);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 100, LARGE_PAYLOAD})
    void clientResponsePayloads(final int payloadLength)
    {
        clientResponse(ResponseStatus.OK, payloadLength);
    }

    private void clientResponse(final ResponseStatus status, final int payloadLength)
    {
        final byte[] payload = payload(payloadLength, 9);
        final MutableDirectBuffer buffer = bufferFor(payloadLength);
        final ClientResponseEncoder encoder = new ClientResponseEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .correlationId(31L)
            .seq(0L)
            .status(status)
            .replicaId(Integer.MAX_VALUE)
            .putPayload(payload, 0, payloadLength);
        assertEquals(ClientResponseEncoder.BLOCK_LENGTH + 4 + payloadLength, encoder.encodedLength());
        assertHeader(buffer, ClientResponseEncoder.TEMPLATE_ID, ClientResponseEncoder.BLOCK_LENGTH);

        final Consumer<ClientResponseDecoder> check = (d) ->
        {
            assertEquals(encoder.encodedLength(), d.sbeDecodedLength());
            assertEquals(31L, d.correlationId());
            assertEquals(0L, d.seq());
            assertEquals(status, d.status());
            assertEquals(Integer.MAX_VALUE, d.replicaId());
            assertEquals(payloadLength, d.payloadLength());
            final byte[] actual = new byte[payloadLength];
            assertEquals(payloadLength, d.getPayload(actual, 0, payloadLength));
            assertArrayEquals(payload, actual);
            assertEquals(OFFSET + HEADER_LENGTH + encoder.encodedLength(), d.limit());
        };
        check.accept(new ClientResponseDecoder().wrapAndApplyHeader(buffer, OFFSET, headerDecoder));
        check.accept(new ClientResponseDecoder().wrap(
            buffer, OFFSET + HEADER_LENGTH, headerDecoder.blockLength(), headerDecoder.version()));
    }

    // ---------------------------------------------------------------------------------------------- ReplicaStatus

    @ParameterizedTest
    @EnumSource(value = ReplicaState.class, mode = EnumSource.Mode.EXCLUDE, names = "NULL_VAL")
    void replicaStatus(final ReplicaState state)
    {
        final MutableDirectBuffer buffer = smallBuffer();
        final ReplicaStatusEncoder encoder = new ReplicaStatusEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .replicaId(2)
            .epoch(4L)
            .appliedSeq(1_000L)
            .journaledSeq(1_005L)
            .stateHash(Long.MIN_VALUE)
            .state(state)
            .heldSeq(1_010L)
            .lastSnapshotSeq(990L);
        assertEquals(ReplicaStatusEncoder.BLOCK_LENGTH, encoder.encodedLength());
        assertHeader(buffer, ReplicaStatusEncoder.TEMPLATE_ID, ReplicaStatusEncoder.BLOCK_LENGTH);

        final Consumer<ReplicaStatusDecoder> check = (d) ->
        {
            assertEquals(encoder.encodedLength(), d.sbeDecodedLength());
            assertEquals(2, d.replicaId());
            assertEquals(4L, d.epoch());
            assertEquals(1_000L, d.appliedSeq());
            assertEquals(1_005L, d.journaledSeq());
            assertEquals(Long.MIN_VALUE, d.stateHash());
            assertEquals(state, d.state());
            assertEquals(1_010L, d.heldSeq());
            assertEquals(990L, d.lastSnapshotSeq());
        };
        check.accept(new ReplicaStatusDecoder().wrapAndApplyHeader(buffer, OFFSET, headerDecoder));
        check.accept(new ReplicaStatusDecoder().wrap(
            buffer, OFFSET + HEADER_LENGTH, headerDecoder.blockLength(), headerDecoder.version()));
    }

    // ------------------------------------------------------------------------------------------- GatewayHeartbeat

    @Test
    void gatewayHeartbeat()
    {
        final MutableDirectBuffer buffer = smallBuffer();
        final GatewayHeartbeatEncoder encoder = new GatewayHeartbeatEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .gatewayId(1)
            .epoch(Long.MAX_VALUE)
            .lastSeq(99_999L)
            .timestampNs(1_700_000_000_987_654_321L)
            .epochStartSeq(90_001L)
            .commitSeq(99_990L);
        encoder.historyCount(2).next().epoch(3).startSeq(1).next().epoch(Long.MAX_VALUE).startSeq(90_001L);
        assertEquals(GatewayHeartbeatEncoder.BLOCK_LENGTH + 4 + 2 * 16, encoder.encodedLength());
        assertHeader(buffer, GatewayHeartbeatEncoder.TEMPLATE_ID, GatewayHeartbeatEncoder.BLOCK_LENGTH);

        final Consumer<GatewayHeartbeatDecoder> check = (d) ->
        {
            assertEquals(encoder.encodedLength(), d.sbeDecodedLength());
            assertEquals(1, d.gatewayId());
            assertEquals(Long.MAX_VALUE, d.epoch());
            assertEquals(99_999L, d.lastSeq());
            assertEquals(1_700_000_000_987_654_321L, d.timestampNs());
            assertEquals(90_001L, d.epochStartSeq());
            assertEquals(99_990L, d.commitSeq());
            final GatewayHeartbeatDecoder.HistoryDecoder history = d.history();
            assertEquals(2, history.count());
            assertEquals(3, history.next().epoch());
            assertEquals(1, history.startSeq());
            assertEquals(Long.MAX_VALUE, history.next().epoch());
            assertEquals(90_001L, history.startSeq());
        };
        check.accept(new GatewayHeartbeatDecoder().wrapAndApplyHeader(buffer, OFFSET, headerDecoder));
        check.accept(new GatewayHeartbeatDecoder().wrap(
            buffer, OFFSET + HEADER_LENGTH, headerDecoder.blockLength(), headerDecoder.version()));
    }

    // ------------------------------------------------------------------------------------------ RetransmitRequest

    @Test
    void retransmitRequest()
    {
        final MutableDirectBuffer buffer = smallBuffer();
        final RetransmitRequestEncoder encoder = new RetransmitRequestEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .replicaId(5)
            .fromSeq(1L)
            .toSeq(Long.MAX_VALUE);
        assertEquals(RetransmitRequestEncoder.BLOCK_LENGTH, encoder.encodedLength());
        assertHeader(buffer, RetransmitRequestEncoder.TEMPLATE_ID, RetransmitRequestEncoder.BLOCK_LENGTH);

        final Consumer<RetransmitRequestDecoder> check = (d) ->
        {
            assertEquals(encoder.encodedLength(), d.sbeDecodedLength());
            assertEquals(5, d.replicaId());
            assertEquals(1L, d.fromSeq());
            assertEquals(Long.MAX_VALUE, d.toSeq());
        };
        check.accept(new RetransmitRequestDecoder().wrapAndApplyHeader(buffer, OFFSET, headerDecoder));
        check.accept(new RetransmitRequestDecoder().wrap(
            buffer, OFFSET + HEADER_LENGTH, headerDecoder.blockLength(), headerDecoder.version()));
    }

    // ------------------------------------------------------------------------------------------------ StatusQuery

    @Test
    void statusQuery()
    {
        final MutableDirectBuffer buffer = smallBuffer();
        final StatusQueryEncoder encoder = new StatusQueryEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .clientId(8L)
            .correlationId(-8L);
        assertEquals(StatusQueryEncoder.BLOCK_LENGTH, encoder.encodedLength());
        assertHeader(buffer, StatusQueryEncoder.TEMPLATE_ID, StatusQueryEncoder.BLOCK_LENGTH);

        final Consumer<StatusQueryDecoder> check = (d) ->
        {
            assertEquals(encoder.encodedLength(), d.sbeDecodedLength());
            assertEquals(8L, d.clientId());
            assertEquals(-8L, d.correlationId());
        };
        check.accept(new StatusQueryDecoder().wrapAndApplyHeader(buffer, OFFSET, headerDecoder));
        check.accept(new StatusQueryDecoder().wrap(
            buffer, OFFSET + HEADER_LENGTH, headerDecoder.blockLength(), headerDecoder.version()));
    }

    // ----------------------------------------------------------------------------------------------- FabricStatus

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 5, 100})
    void fabricStatus(final int replicaCount)
    {
        final ReplicaState[] states = ReplicaState.values();
        final int stateCount = states.length - 1; // without NULL_VAL
        final MutableDirectBuffer buffer = replicaCount > 50 ? new ExpandableArrayBuffer(64) : smallBuffer();
        final FabricStatusEncoder encoder = new FabricStatusEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .correlationId(100L)
            .epoch(3L)
            .gatewayId(2)
            .lastSeq(5_000L)
            .answeredSeq(4_990L)
            .rejectedRequests(17L);
        final FabricStatusEncoder.ReplicasEncoder replicas = encoder.replicasCount(replicaCount);
        for (int i = 0; i < replicaCount; i++)
        {
            replicas.next()
                .replicaId(i + 1)
                .state(states[i % stateCount])
                .appliedSeq(4_000L + i)
                .stateHash(0x1234_5678_9ABC_DEF0L * (i + 1))
                .responses(10_000L + i)
                .wins(500L + i)
                .divergences(i)
                .lagSeq(1_000L - i)
                .statusAgeMs(20L * i);
        }
        assertEquals(FabricStatusEncoder.BLOCK_LENGTH + 4 + replicaCount * 61, encoder.encodedLength());
        assertHeader(buffer, FabricStatusEncoder.TEMPLATE_ID, FabricStatusEncoder.BLOCK_LENGTH);

        final Consumer<FabricStatusDecoder> check = (d) ->
        {
            assertEquals(encoder.encodedLength(), d.sbeDecodedLength());
            assertEquals(100L, d.correlationId());
            assertEquals(3L, d.epoch());
            assertEquals(2, d.gatewayId());
            assertEquals(5_000L, d.lastSeq());
            assertEquals(4_990L, d.answeredSeq());
            assertEquals(17L, d.rejectedRequests());
            final FabricStatusDecoder.ReplicasDecoder group = d.replicas();
            assertEquals(replicaCount, group.count());
            int i = 0;
            while (group.hasNext())
            {
                group.next();
                assertEquals(i + 1, group.replicaId());
                assertEquals(states[i % stateCount], group.state());
                assertEquals(4_000L + i, group.appliedSeq());
                assertEquals(0x1234_5678_9ABC_DEF0L * (i + 1), group.stateHash());
                assertEquals(10_000L + i, group.responses());
                assertEquals(500L + i, group.wins());
                assertEquals(i, group.divergences());
                assertEquals(1_000L - i, group.lagSeq());
                assertEquals(20L * i, group.statusAgeMs());
                i++;
            }
            assertEquals(replicaCount, i);
            assertFalse(group.hasNext());
            assertEquals(OFFSET + HEADER_LENGTH + encoder.encodedLength(), d.limit());
        };
        check.accept(new FabricStatusDecoder().wrapAndApplyHeader(buffer, OFFSET, headerDecoder));
        check.accept(new FabricStatusDecoder().wrap(
            buffer, OFFSET + HEADER_LENGTH, headerDecoder.blockLength(), headerDecoder.version()));
    }

    @Test
    void twoMessagesBackToBackInOneBuffer()
    {
        final MutableDirectBuffer buffer = smallBuffer();
        final SequencedEncoder first = new SequencedEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .epoch(1).seq(1).timestampNs(10).clientId(2).correlationId(3)
            .putPayload(new byte[] {1, 2, 3}, 0, 3);
        final int secondOffset = OFFSET + HEADER_LENGTH + first.encodedLength();
        new SequencedEncoder()
            .wrapAndApplyHeader(buffer, secondOffset, headerEncoder)
            .epoch(1).seq(2).timestampNs(20).clientId(2).correlationId(4)
            .putPayload(new byte[0], 0, 0);

        final SequencedDecoder decoder = new SequencedDecoder();
        decoder.wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertEquals(1, decoder.seq());
        assertEquals(3, decoder.skipPayload());
        assertEquals(secondOffset, decoder.limit());
        decoder.wrapAndApplyHeader(buffer, decoder.limit(), headerDecoder);
        assertEquals(2, decoder.seq());
        assertEquals(4, decoder.correlationId());
        assertEquals(0, decoder.payloadLength());
    }
}
