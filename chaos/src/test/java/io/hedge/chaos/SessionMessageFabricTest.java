package io.hedge.chaos;

import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.hedge.client.HedgeClient;
import io.hedge.client.HedgeClientContext;
import io.hedge.client.Response;
import io.hedge.client.SessionMessageListener;
import io.hedge.codecs.fabric.SessionMessageDecoder;
import io.hedge.codecs.trading.ExecutionReportDecoder;
import io.hedge.codecs.trading.MakerFillDecoder;
import io.hedge.codecs.trading.MessageHeaderDecoder;
import io.hedge.codecs.trading.MessageHeaderEncoder;
import io.hedge.codecs.trading.NewOrderEncoder;
import io.hedge.codecs.trading.OrderStatus;
import io.hedge.codecs.trading.Side;
import io.hedge.gateway.GatewayConfiguration;
import io.hedge.replicas.trading.TradingEngine;
import io.hedge.transport.Ports;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Messages to any session, end to end over a real fabric (a gateway and three replicas on loopback UDP, majority
 * durability): client 1 rests a sell, client 2 buys into it twice; client 1's SessionMessageListener hears each fill as
 * a MakerFill, once, and a drop-copy subscriber sees both; client 2 hears its fills only in its ExecutionReports.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SessionMessageFabricTest
{
    private static final long MAKER_CLIENT = 101;
    private static final long TAKER_CLIENT = 202;
    private static final int INSTRUMENT = 1;
    private static final long PRICE = 1_000;

    /** A MakerFill as a listener got it. */
    record Heard(long seq, int index, long orderId, long clientOrderId, long accountId, long quantity, long filled,
        long leaves, Side side, OrderStatus status)
    {
        static Heard of(final long seq, final int index, final org.agrona.DirectBuffer buffer, final int offset)
        {
            final MakerFillDecoder fill = new MakerFillDecoder().wrapAndApplyHeader(buffer, offset,
                new MessageHeaderDecoder());
            return new Heard(seq, index, fill.orderId(), fill.clientOrderId(), fill.accountId(), fill.quantity(),
                fill.filledQuantity(), fill.leavesQuantity(), fill.side(), fill.status());
        }
    }

    @Test
    void theMakerHearsEachFillOnceAndTheDropCopySeesIt()
    {
        final String dropCopy = "aeron:udp?endpoint=localhost:" + Ports.freeUdpPort();
        try (TestFabric fabric = new TestFabric("session-messages", 4096, site -> new TradingEngine(TestFabric.TRADING),
            TestFabric.SITES.length, 1, dropCopy))
        {
            final Subscription dropCopySubscription = fabric.closeWithFabric(
                fabric.aeron.addSubscription(dropCopy, GatewayConfiguration.DROPCOPY_STREAM.defaultInt()));
            // a drop copy is sent to whoever listens at the time, like a session message: listen before trading
            TestFabric.awaitTrue("the drop-copy subscriber is connected", 20, dropCopySubscription::isConnected);
            final List<String> dropCopied = new CopyOnWriteArrayList<>();
            final SessionMessageDecoder copy = new SessionMessageDecoder();
            final io.hedge.codecs.fabric.MessageHeaderDecoder copyHeader = new io.hedge.codecs.fabric.MessageHeaderDecoder();
            final FragmentAssembler copies = new FragmentAssembler((buffer, offset, length, header) ->
            {
                copy.wrapAndApplyHeader(buffer, offset, copyHeader);
                final long seq = copy.seq();
                final long clientId = copy.clientId();
                final int index = copy.index();
                final int payloadOffset = copy.limit() + Integer.BYTES;
                final Heard heard = Heard.of(seq, index, buffer, payloadOffset);
                dropCopied.add(clientId + ":" + seq + ":" + index + ":" + heard.quantity() + ":" + heard.status());
            });

            final List<Heard> makerHeard = new CopyOnWriteArrayList<>();
            final List<Heard> takerHeard = new CopyOnWriteArrayList<>();
            try (HedgeClient maker = connect(fabric, MAKER_CLIENT,
                    (seq, index, buffer, offset, length) -> makerHeard.add(Heard.of(seq, index, buffer, offset)));
                HedgeClient taker = connect(fabric, TAKER_CLIENT,
                    (seq, index, buffer, offset, length) -> takerHeard.add(Heard.of(seq, index, buffer, offset))))
            {
                final ExecutionReportDecoder sell = report(submit(maker, 55, 2, Side.SELL, 10));
                assertEquals(OrderStatus.NEW, sell.status());
                final long sellOrderId = sell.orderId();

                final Response firstBuy = submit(taker, 66, 3, Side.BUY, 4);
                assertEquals(4, report(firstBuy).filledQuantity(), "the taker's ExecutionReport tells it of its fill");
                TestFabric.awaitTrue("the maker heard the first fill", 20, () -> makerHeard.size() >= 1);
                assertEquals(new Heard(firstBuy.seq(), 0, sellOrderId, 55, 2, 4, 4, 6, Side.SELL,
                    OrderStatus.PARTIALLY_FILLED), makerHeard.get(0));

                final Response secondBuy = submit(taker, 67, 3, Side.BUY, 6);
                TestFabric.awaitTrue("the maker heard the second fill", 20, () -> makerHeard.size() >= 2);
                assertEquals(new Heard(secondBuy.seq(), 0, sellOrderId, 55, 2, 6, 10, 0, Side.SELL,
                    OrderStatus.FILLED), makerHeard.get(1));

                TestFabric.awaitTrue("the drop copy saw both fills", 20, () ->
                {
                    dropCopySubscription.poll(copies, 10);
                    return dropCopied.size() >= 2;
                });
                // time for a duplicate or a stray message to show up, if the fabric sent one
                final long untilNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
                while (System.nanoTime() - untilNs < 0)
                {
                    dropCopySubscription.poll(copies, 10);
                    Thread.onSpinWait();
                }
                assertEquals(2, makerHeard.size(), "each fill once: " + makerHeard);
                assertEquals(List.of(), takerHeard, "the taker is sent no session message of its own fills");
                assertEquals(List.of(MAKER_CLIENT + ":" + firstBuy.seq() + ":0:4:PARTIALLY_FILLED",
                    MAKER_CLIENT + ":" + secondBuy.seq() + ":0:6:FILLED"), dropCopied);
            }
        }
    }

    private static HedgeClient connect(final TestFabric fabric, final long clientId,
        final SessionMessageListener listener)
    {
        return HedgeClient.connect(new HedgeClientContext()
            .aeronDirectoryName(fabric.driver.aeronDirectoryName())
            .ingressChannel(fabric.ingressChannel())
            .clientId(clientId)
            .sessionMessageListener(listener));
    }

    private static Response submit(
        final HedgeClient client, final long clientOrderId, final long accountId, final Side side, final long quantity)
    {
        final UnsafeBuffer order = new UnsafeBuffer(new byte[64]);
        final NewOrderEncoder newOrder = new NewOrderEncoder()
            .wrapAndApplyHeader(order, 0, new MessageHeaderEncoder())
            .clientOrderId(clientOrderId).accountId(accountId).instrumentId(INSTRUMENT).side(side).price(PRICE)
            .quantity(quantity);
        try
        {
            final Response response = client.submit(order, 0, MessageHeaderEncoder.ENCODED_LENGTH +
                newOrder.encodedLength()).get(20, TimeUnit.SECONDS);
            assertTrue(response.ok(), "answered OK: " + response);
            return response;
        }
        catch (final Exception ex)
        {
            throw new AssertionError("order " + clientOrderId + " was not answered", ex);
        }
    }

    private static ExecutionReportDecoder report(final Response response)
    {
        return new ExecutionReportDecoder()
            .wrapAndApplyHeader(new UnsafeBuffer(response.payload()), 0, new MessageHeaderDecoder());
    }
}
