package io.hedge.chaos;

import io.hedge.client.HedgeClient;
import io.hedge.client.HedgeClientContext;
import io.hedge.client.QueryAnswer;
import io.hedge.client.Response;
import io.hedge.codecs.fabric.QueryStatus;
import io.hedge.codecs.trading.BalanceAnswerDecoder;
import io.hedge.codecs.trading.BalanceQueryEncoder;
import io.hedge.codecs.trading.ExecutionReportDecoder;
import io.hedge.codecs.trading.MessageHeaderDecoder;
import io.hedge.codecs.trading.MessageHeaderEncoder;
import io.hedge.codecs.trading.NewOrderEncoder;
import io.hedge.codecs.trading.OrderStatusAnswerDecoder;
import io.hedge.codecs.trading.OrderStatusQueryEncoder;
import io.hedge.codecs.trading.Side;
import io.hedge.codecs.trading.TransferAckDecoder;
import io.hedge.codecs.trading.TransferEncoder;
import io.hedge.replicas.Replica;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Read-only queries end to end over real Aeron on loopback (gateway and three replicas on one embedded media driver):
 * a client reads its own writes with the seq of its last answer as the query's minimum seq, and a query no replica can
 * answer yet is told so; queries take no seq.
 */
class QueryFabricTest
{
    private static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();

    private byte[] bytes(final int length)
    {
        final byte[] copy = new byte[length];
        buffer.getBytes(0, copy);
        return copy;
    }

    private static <T> T get(final java.util.concurrent.CompletableFuture<T> future) throws Exception
    {
        return future.get(30, TimeUnit.SECONDS);
    }

    @Test
    void aClientReadsItsOwnWritesAndAQueryBeyondTheStreamIsNotYetAnswered() throws Exception
    {
        try (TestFabric fabric = new TestFabric("queries"))
        {
            final HedgeClientContext ctx = new HedgeClientContext()
                .aeronDirectoryName(fabric.driver.aeronDirectoryName())
                .clientId(7)
                .gatewayIngressChannels(fabric.ingressChannels())
                .requestTimeoutNs(TimeUnit.SECONDS.toNanos(20));
            try (HedgeClient client = HedgeClient.connect(ctx))
            {
                // an order rests; its status, read with its own seq as minimum, shows it
                final Response placed = get(client.submit(bytes(HEADER + new NewOrderEncoder()
                    .wrapAndApplyHeader(buffer, 0, headerEncoder).clientOrderId(1).accountId(3).price(50).quantity(10)
                    .instrumentId(2).side(Side.BUY).encodedLength())));
                assertTrue(placed.ok() && placed.seq() > 0, placed.toString());
                final long orderId = new ExecutionReportDecoder()
                    .wrapAndApplyHeader(new UnsafeBuffer(placed.payload()), 0, headerDecoder).orderId();

                final QueryAnswer status = get(client.query(bytes(HEADER + new OrderStatusQueryEncoder()
                    .wrapAndApplyHeader(buffer, 0, headerEncoder).accountId(3).orderId(orderId).instrumentId(2)
                    .encodedLength()), placed.seq()));
                assertEquals(QueryStatus.OK, status.status(), status.toString());
                assertTrue(status.appliedSeq() >= placed.seq(), "answered from a state that includes the order");
                assertTrue(status.replicaId() >= 1 && status.replicaId() <= 3, "one replica answered");
                final OrderStatusAnswerDecoder order = new OrderStatusAnswerDecoder()
                    .wrapAndApplyHeader(new UnsafeBuffer(status.payload()), 0, headerDecoder);
                assertEquals(orderId, order.orderId());
                assertEquals(1, order.resting());
                assertEquals(10, order.leavesQuantity());
                assertEquals(Side.BUY, order.side());

                // a transfer; the balance read with the transfer's seq shows the new balance
                final Response moved = get(client.submit(bytes(HEADER + new TransferEncoder()
                    .wrapAndApplyHeader(buffer, 0, headerEncoder).transferId(1).fromAccountId(4).toAccountId(3)
                    .amount(777).encodedLength())));
                assertTrue(moved.ok(), moved.toString());
                final long newBalance = new TransferAckDecoder()
                    .wrapAndApplyHeader(new UnsafeBuffer(moved.payload()), 0, headerDecoder).toBalance();
                assertEquals(moved.seq(), client.lastAnsweredSeq(), "the client knows the seq of its last answer");
                final byte[] balanceQuery = bytes(HEADER + new BalanceQueryEncoder()
                    .wrapAndApplyHeader(buffer, 0, headerEncoder).accountId(3).encodedLength());
                final QueryAnswer balance = get(client.query(balanceQuery, client.lastAnsweredSeq()));
                assertEquals(QueryStatus.OK, balance.status(), balance.toString());
                final BalanceAnswerDecoder cash = new BalanceAnswerDecoder()
                    .wrapAndApplyHeader(new UnsafeBuffer(balance.payload()), 0, headerDecoder);
                assertEquals(newBalance, cash.cashAvailable(), "the transfer is in the answer");
                assertEquals(TestFabric.TRADING.initialCash() - 500 + 777, cash.cashAvailable());
                assertEquals(500, cash.cashReserved(), "the resting order's reservation");
                assertEquals(TestFabric.TRADING.instruments(), cash.positions().count());

                // queries take no seq: the stream and every replica stay where the writes left them
                final long lastSeq = fabric.gateway.agent().lastSeq();
                for (int i = 0; i < 20; i++)
                {
                    assertEquals(QueryStatus.OK, get(client.query(balanceQuery, 0)).status());
                }
                assertEquals(lastSeq, fabric.gateway.agent().lastSeq(), "no query was sequenced");
                TestFabric.awaitTrue("every replica applied the last seq", 10, () -> fabric.replicas.stream()
                    .allMatch(r -> r.agent().appliedSeq() == lastSeq));
                for (final Replica replica : fabric.replicas)
                {
                    assertEquals(lastSeq, replica.agent().appliedSeq(), "a query is never journaled or applied");
                }

                // a minimum seq beyond anything sequenced: NOT_YET after the gateway's query timeout
                final long startNs = System.nanoTime();
                final QueryAnswer notYet = get(client.query(balanceQuery, lastSeq + 1_000_000));
                final long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
                assertEquals(QueryStatus.NOT_YET, notYet.status(), notYet.toString());
                assertEquals(0, notYet.payload().length);
                assertTrue(notYet.appliedSeq() >= lastSeq, "it says how far the replicas are: " + notYet);
                assertTrue(tookMs >= 900 && tookMs < 10_000, "answered at the 1 s query timeout, took " + tookMs + " ms");
            }
        }
    }
}
