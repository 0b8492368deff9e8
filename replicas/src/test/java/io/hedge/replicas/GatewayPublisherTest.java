package io.hedge.replicas;

import io.hedge.codecs.fabric.MessageHeaderDecoder;
import io.hedge.codecs.fabric.ReplicaResponseDecoder;
import io.hedge.codecs.trading.MakerFillDecoder;
import io.hedge.codecs.trading.MessageHeaderEncoder;
import io.hedge.codecs.trading.NewOrderEncoder;
import io.hedge.codecs.trading.Side;
import io.hedge.replicas.trading.TradingConfig;
import io.hedge.replicas.trading.TradingEngine;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ReplicaResponse a replica sends, as its gateway decodes it: schema version 1, the payload and then the effects,
 * both written in place by the state machine. Encoding only: nothing is offered here.
 */
class GatewayPublisherTest
{
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final ReplicaResponseDecoder decoder = new ReplicaResponseDecoder();

    @Test
    void aResponseWithEffectsDecodesWithBoth()
    {
        final TradingConfig config = new TradingConfig(4, 4, 1_000_000, 1_000, 100, 8);
        final TradingEngine engine = new TradingEngine(config);
        final GatewayPublisher publisher = new GatewayPublisher(
            null, TradingEngine.maxResponseLength(config), engine.maxEffectsLength());
        final ResponseLog log = new ResponseLog(16, 4096);

        final UnsafeBuffer request = new UnsafeBuffer(new byte[128]);
        final int requestLength = newOrder(request, 2, Side.SELL, 10);
        applyAndFinish(engine, publisher, 1, request, requestLength, log);
        assertDecodes(publisher.buffer(), publisher.lastMessageLength(), 1, 0);

        final int buyLength = newOrder(request, 1, Side.BUY, 4);
        final int effectsLength = applyAndFinish(engine, publisher, 2, request, buyLength, log);
        assertTrue(effectsLength > 0, "the fill of instrument 4 is routed");
        assertDecodes(publisher.buffer(), publisher.lastMessageLength(), 2, effectsLength);

        // the log holds the same bytes, and they decode alike
        final UnsafeBuffer held = new UnsafeBuffer(0, 0);
        assertEquals(publisher.lastMessageLength(), log.wrap(2, held));
        assertEquals(0, TestBytes.compare(held, 0, held.capacity(), publisher.buffer(), 0, held.capacity()));
        assertDecodes(held, held.capacity(), 2, effectsLength);

        // the effects bytes are those the engine reports
        final UnsafeBuffer effects = new UnsafeBuffer(new byte[engine.maxEffectsLength()]);
        assertEquals(effectsLength, engine.effects(effects, 0));
        decoder.wrapAndApplyHeader(held, 0, header);
        decoder.skipPayload();
        final UnsafeBuffer decodedEffects = new UnsafeBuffer(new byte[effectsLength]);
        assertEquals(effectsLength, decoder.getEffects(decodedEffects, 0, effectsLength));
        assertEquals(0, TestBytes.compare(decodedEffects, 0, effectsLength, effects, 0, effectsLength));
    }

    @Test
    void aFillCarriesTheMakersSessionMessageAfterTheEffects()
    {
        final TradingConfig config = new TradingConfig(4, 4, 1_000_000, 1_000, 100, 8);
        final TradingEngine engine = new TradingEngine(config);
        final GatewayPublisher publisher = new GatewayPublisher(null, TradingEngine.maxResponseLength(config),
            engine.maxEffectsLength(), engine.maxMessagesLength());
        final UnsafeBuffer request = new UnsafeBuffer(new byte[128]);

        // client 7 rests a sell of 10; client 9 buys 4 of it
        int offset = publisher.begin(1, 1, 2, 7, 1);
        int payloadLength = engine.apply(1, 1, 7, 0, request, 0, newOrder(request, 2, Side.SELL, 10), publisher.buffer(),
            offset);
        assertEquals(0, engine.messages(publisher.buffer(), publisher.messagesOffset(payloadLength, 0)),
            "an order that rests without trading sends no one anything");

        offset = publisher.begin(1, 2, 2, 9, 1);
        payloadLength = engine.apply(2, 2, 9, 0, request, 0, newOrder(request, 1, Side.BUY, 4), publisher.buffer(), offset);
        final int effectsLength = engine.effects(publisher.buffer(), publisher.effectsOffset(payloadLength));
        final int messagesLength =
            engine.messages(publisher.buffer(), publisher.messagesOffset(payloadLength, effectsLength));
        assertEquals(8 + 4 + MessageHeaderDecoder.ENCODED_LENGTH + MakerFillDecoder.BLOCK_LENGTH, messagesLength);
        final int length = publisher.finish(payloadLength, effectsLength, messagesLength, 99);

        decoder.wrapAndApplyHeader(publisher.buffer(), 0, header);
        decoder.skipPayload();
        decoder.skipEffects();
        assertEquals(messagesLength, decoder.messagesLength());
        final UnsafeBuffer messages = new UnsafeBuffer(new byte[messagesLength]);
        decoder.getMessages(messages, 0, messagesLength);
        assertEquals(length, decoder.limit());
        assertEquals(7, messages.getLong(0, java.nio.ByteOrder.LITTLE_ENDIAN), "to the maker's client");
        assertEquals(messagesLength - 12, messages.getInt(8, java.nio.ByteOrder.LITTLE_ENDIAN));
        final MakerFillDecoder fill = new MakerFillDecoder()
            .wrapAndApplyHeader(messages, 12, new io.hedge.codecs.trading.MessageHeaderDecoder());
        assertEquals(1, fill.orderId());
        assertEquals(2, fill.accountId());
        assertEquals(4, fill.quantity());
        assertEquals(4, fill.filledQuantity());
        assertEquals(6, fill.leavesQuantity());
        assertEquals(Side.SELL, fill.side());
        assertEquals(io.hedge.codecs.trading.OrderStatus.PARTIALLY_FILLED, fill.status());
    }

    @Test
    void aStateMachineWithoutEffectsStillSendsAnEmptyEffectsField()
    {
        final GatewayPublisher publisher = new GatewayPublisher(null, 64, 0);
        final int offset = publisher.begin(3, 9, 1, 5, 6);
        publisher.buffer().putLong(offset, 0x1122334455667788L);
        final int length = publisher.finish(Long.BYTES, 0, 42);
        assertEquals(length, publisher.lastMessageLength());
        assertEquals(MessageHeaderDecoder.ENCODED_LENGTH + ReplicaResponseDecoder.BLOCK_LENGTH + 4 + 8 + 4 + 4, length);
        assertDecodes(publisher.buffer(), length, 9, 0);
        assertEquals(42, decoder.stateHash());
        assertEquals(3, decoder.epoch());
        assertEquals(5, decoder.clientId());
        assertEquals(6, decoder.correlationId());
        assertTrue(publisher.hasPending());
    }

    @Test
    void effectsThatDoNotFitAreRefused()
    {
        final GatewayPublisher publisher = new GatewayPublisher(null, 64, 16);
        publisher.begin(1, 1, 1, 1, 1);
        assertEquals(16, publisher.maxEffectsLength(64));
        assertEquals(16 + 60, publisher.maxEffectsLength(4));
        assertThrows(IllegalArgumentException.class, () -> publisher.finish(64, 17, 0));
        assertThrows(IllegalArgumentException.class, () -> publisher.finish(-1, 0, 0));
    }

    @Test
    void responsesGoToTheFollowedGatewayAndAreHeldWhileItPushesBack()
    {
        final FakeGatewayTransport transport = new FakeGatewayTransport(3);
        final GatewayPublisher publisher = new GatewayPublisher(transport, 64, 0);
        publisher.follow(2);
        transport.results.add((long)io.aeron.Publication.BACK_PRESSURED);
        publisher.begin(1, 1, 1, 5, 6);
        assertFalse(publisher.commit(Long.BYTES, 42), "pushed back: pending");
        assertTrue(publisher.hasPending());
        publisher.follow(3);
        assertTrue(publisher.retry());
        assertFalse(publisher.hasPending());
        assertEquals(List.of("response 1 to 3"), transport.sent, "the held response goes to the gateway now followed");

        transport.results.add((long)io.aeron.Publication.NOT_CONNECTED);
        publisher.begin(1, 2, 1, 5, 7);
        assertTrue(publisher.commit(Long.BYTES, 43), "no gateway: let go, the other replicas answer");
        assertEquals(1, publisher.unsent());
    }

    @Test
    void statusGoesToEveryGatewayAndAVoteToItsCandidate()
    {
        final FakeGatewayTransport transport = new FakeGatewayTransport(3);
        final GatewayPublisher publisher = new GatewayPublisher(transport, 64, 0);
        publisher.follow(1);
        publisher.sendStatus(1, 2, 3, 4, 5, io.hedge.codecs.fabric.ReplicaState.LIVE, 0, 2, 1, 0);
        assertEquals(3, transport.statuses);
        assertEquals("status e2 journaled 4 matched 2 last entry epoch 1", transport.lastStatus,
            "a gateway counts a status toward its commit seq only when it says matched in its epoch");
        publisher.sendStatus(1, 2, 3, 4, 5, io.hedge.codecs.fabric.ReplicaState.LIVE, 0, 2, 1, 3);
        assertEquals("status e2 journaled 4 matched 2 last entry epoch 1 snapshot 3", transport.lastStatus,
            "the seq of its last snapshot, which hedge admin snapshot waits for");
        publisher.sendVote(1, 3, 4, true, false, 10, 2, new io.hedge.journal.EpochHistory());
        publisher.sendRetransmitRequest(1, 5, 9);
        publisher.sendSnapshotRequest(1, 4);
        assertEquals(List.of("grant 3@4 to 3", "retransmit 5..9 to 1", "snapshot request of 1 to 1"), transport.sent);
        assertTrue(publisher.isGateway(3));
        assertFalse(publisher.isGateway(4));
    }

    @Test
    void aVoteCarriesTheNewestRunsOfTheHistoryOldestFirst()
    {
        final FakeGatewayTransport transport = new FakeGatewayTransport(3);
        final GatewayPublisher publisher = new GatewayPublisher(transport, 64, 0);
        final io.hedge.journal.EpochHistory history = new io.hedge.journal.EpochHistory();
        final int runs = io.hedge.transport.FabricLimits.HISTORY_TAIL + 8;
        for (int i = 1; i <= runs; i++)
        {
            history.onEntry(i, 10L * i);
        }
        publisher.sendVote(1, 2, 50, false, true, 10L * runs, runs, history);
        assertEquals(List.of("pre-refuse 2@50 to 2"), transport.sent);
        assertEquals(io.hedge.transport.FabricLimits.HISTORY_TAIL, transport.voteHistory.size());
        assertEquals("9@90", transport.voteHistory.get(0), "the newest runs, oldest first");
        assertEquals(runs + "@" + 10L * runs, transport.voteHistory.get(transport.voteHistory.size() - 1));

        publisher.sendVote(1, 2, 50, true, false, 0, 0, new io.hedge.journal.EpochHistory());
        assertEquals(List.of(), transport.voteHistory, "an empty journal sends an empty tail");
    }

    private static int applyAndFinish(
        final TradingEngine engine,
        final GatewayPublisher publisher,
        final long seq,
        final UnsafeBuffer request,
        final int requestLength,
        final ResponseLog log)
    {
        // the sequence ReplicaAgent follows: begin, apply, effects, commit (here finish, as nothing is offered), log
        final int offset = publisher.begin(7, seq, 2, 11, 100 + seq);
        final int payloadLength = engine.apply(seq, seq, 1L, 0, request, 0, requestLength, publisher.buffer(), offset);
        final int effectsLength = engine.effects(publisher.buffer(), publisher.effectsOffset(payloadLength));
        final int messagesLength =
            engine.messages(publisher.buffer(), publisher.messagesOffset(payloadLength, effectsLength));
        publisher.finish(payloadLength, effectsLength, messagesLength, 1234 + seq);
        log.record(seq, publisher.buffer(), 0, publisher.lastMessageLength());
        return effectsLength;
    }

    private void assertDecodes(
        final org.agrona.DirectBuffer buffer, final int length, final long seq, final int effectsLength)
    {
        decoder.wrapAndApplyHeader(buffer, 0, header);
        assertEquals(ReplicaResponseDecoder.SCHEMA_VERSION, header.version());
        assertTrue(header.version() >= 1);
        assertEquals(seq, decoder.seq());
        final int payloadLength = decoder.payloadLength();
        assertTrue(payloadLength > 0);
        decoder.skipPayload();
        assertEquals(effectsLength, decoder.effectsLength());
        decoder.skipEffects();
        decoder.skipMessages();
        assertEquals(length, decoder.limit(), "the message ends where its session messages do");
        decoder.wrapAndApplyHeader(buffer, 0, header);
    }

    private static int newOrder(final UnsafeBuffer buffer, final long accountId, final Side side, final long quantity)
    {
        new NewOrderEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .clientOrderId(1).accountId(accountId).price(100).quantity(quantity).userData(0).instrumentId(4).side(side);
        return MessageHeaderEncoder.ENCODED_LENGTH + NewOrderEncoder.BLOCK_LENGTH;
    }
}
