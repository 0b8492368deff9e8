package io.hedge.replicas.trading;

import io.hedge.codecs.trading.CancelAckDecoder;
import io.hedge.codecs.trading.CancelOrderEncoder;
import io.hedge.codecs.trading.ExecutionReportDecoder;
import io.hedge.codecs.trading.MessageHeaderDecoder;
import io.hedge.codecs.trading.MessageHeaderEncoder;
import io.hedge.codecs.trading.NewOrderEncoder;
import io.hedge.codecs.trading.RejectDecoder;
import io.hedge.codecs.trading.RejectReason;
import io.hedge.codecs.trading.Side;
import io.hedge.codecs.trading.TransferAckDecoder;
import io.hedge.codecs.trading.TransferEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine's account permissions ({@code trading.account.owners}): orders, cancels and transfers out of an account
 * only from its owner, NOT_ACCOUNT_OWNER otherwise with nothing changed; cash into any account; no table, no limits;
 * and the table's hash in the full-state hash, so that replicas configured differently do not look converged.
 */
class TradingEngineOwnershipTest
{
    private static final int ACCOUNTS = 6;
    private static final long CASH = 1_000_000;
    private static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;
    private static final int ALICE = 7;
    private static final int BOB = 8;
    /** Alice owns 1-2, Bob 3-4; accounts 5 and 6 belong to nobody. */
    private static final List<String> OWNERS = List.of("# test owners", "7 1-2", "", "8 3,4   # bob");

    private final TradingConfig config = new TradingConfig(ACCOUNTS, 2, CASH, 1_000, 100, 64);
    private final UnsafeBuffer request = new UnsafeBuffer(new byte[256]);
    private final UnsafeBuffer response = new UnsafeBuffer(new byte[8 * 1024]);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final RejectDecoder rejectDecoder = new RejectDecoder();
    private long seq;

    @Test
    void anOrderOnAnOwnedAccountIsAcceptedAndOnAnothersRejectedWithNothingChanged()
    {
        final TradingEngine engine = engine(OWNERS);
        assertEquals(ExecutionReportDecoder.TEMPLATE_ID, apply(engine, ALICE, newOrder(11, 1, Side.BUY, 100, 10)));
        assertEquals(CASH - 1_000, engine.cashAvailable(1));

        assertRejected(engine, BOB, newOrder(12, 1, Side.BUY, 100, 10), 12, RejectReason.NOT_ACCOUNT_OWNER);
        assertRejected(engine, 0, newOrder(13, 2, Side.SELL, 100, 10), 13, RejectReason.NOT_ACCOUNT_OWNER);
        assertRejected(engine, ALICE, newOrder(14, 5, Side.BUY, 100, 10), 14, RejectReason.NOT_ACCOUNT_OWNER);
        assertRejected(engine, ALICE, newOrder(15, 99, Side.BUY, 100, 10), 15, RejectReason.UNKNOWN_ACCOUNT);
        assertEquals(2, engine.nextOrderId(), "no order id was used by a refused order");
        assertEquals(ExecutionReportDecoder.TEMPLATE_ID, apply(engine, BOB, newOrder(16, 3, Side.SELL, 100, 4)));
    }

    @Test
    void aCancelOnAnotherPrincipalsAccountIsRejectedAndTheOwnersCancelWorks()
    {
        final TradingEngine engine = engine(OWNERS);
        assertEquals(ExecutionReportDecoder.TEMPLATE_ID, apply(engine, ALICE, newOrder(11, 1, Side.BUY, 100, 10)));
        assertRejected(engine, BOB, cancel(1, 1), 1, RejectReason.NOT_ACCOUNT_OWNER);
        assertRejected(engine, BOB, cancel(3, 1), 1, RejectReason.NOT_ORDER_OWNER);
        assertEquals(1, engine.restingOrders());
        assertEquals(CancelAckDecoder.TEMPLATE_ID, apply(engine, ALICE, cancel(1, 1)));
        assertEquals(0, engine.restingOrders());
        assertEquals(CASH, engine.cashAvailable(1));
    }

    @Test
    void cashLeavesOnlyAnOwnedAccountButMayGoIntoAnyAccount()
    {
        final TradingEngine engine = engine(OWNERS);
        assertRejected(engine, BOB, transfer(21, 1, 3, 500), 21, RejectReason.NOT_ACCOUNT_OWNER);
        assertRejected(engine, 0, transfer(22, 1, 2, 500), 22, RejectReason.NOT_ACCOUNT_OWNER);
        assertEquals(CASH, engine.cashAvailable(1));

        assertEquals(TransferAckDecoder.TEMPLATE_ID, apply(engine, ALICE, transfer(23, 1, 3, 500)),
            "into another's account, like a bank transfer");
        assertEquals(CASH - 500, engine.cashAvailable(1));
        assertEquals(CASH + 500, engine.cashAvailable(3));
        assertEquals(TransferAckDecoder.TEMPLATE_ID, apply(engine, ALICE, transfer(24, 2, 6, 100)),
            "into an account nobody owns too");
        assertEquals(CASH * ACCOUNTS, engine.totalCash());
    }

    @Test
    void withoutATableAnyPrincipalMayUseAnyAccount()
    {
        final TradingEngine engine = new TradingEngine(config);
        assertEquals(ExecutionReportDecoder.TEMPLATE_ID, apply(engine, 0, newOrder(11, 1, Side.BUY, 100, 10)));
        assertEquals(ExecutionReportDecoder.TEMPLATE_ID, apply(engine, BOB, newOrder(12, 1, Side.BUY, 100, 10)));
        assertEquals(TransferAckDecoder.TEMPLATE_ID, apply(engine, ALICE, transfer(21, 5, 6, 500)));
        assertEquals(CancelAckDecoder.TEMPLATE_ID, apply(engine, BOB, cancel(1, 1)));
        assertEquals(new TradingEngine(config).fullStateHash(),
            new TradingEngine(config, AccountOwners.ANY).fullStateHash(), "no table: the hash is the state's alone");
    }

    @Test
    void theFullStateHashCoversTheTable()
    {
        final long withOwners = engine(OWNERS).fullStateHash();
        assertEquals(withOwners, engine(List.of("8 4,3", "7 1,2")).fullStateHash(), "an equal table, written otherwise");
        assertNotEquals(withOwners, engine(List.of("7 1-2", "8 3")).fullStateHash(), "account 4 unowned");
        assertNotEquals(withOwners, engine(List.of("7 1-2", "9 3-4")).fullStateHash(), "another owner");
        assertNotEquals(withOwners, new TradingEngine(config).fullStateHash(), "no table");

        // and it stays a function of state plus table: the same requests on both keep them equal
        final TradingEngine a = engine(OWNERS);
        final TradingEngine b = engine(OWNERS);
        apply(a, ALICE, newOrder(11, 1, Side.BUY, 100, 10));
        apply(b, ALICE, newOrder(11, 1, Side.BUY, 100, 10));
        assertEquals(a.fullStateHash(), b.fullStateHash());
    }

    /**
     * What a replica compares at recovery and bootstrap: the full-state hash stored with a snapshot against the hash
     * of the engine that loaded it. The snapshot does not carry the table, so a replica with another table loads the
     * same bytes to another hash and refuses the snapshot, instead of running on with other answers.
     */
    @Test
    void aSnapshotLoadedUnderAnotherTableDoesNotMatchItsStoredHash()
    {
        final TradingEngine writer = engine(OWNERS);
        apply(writer, ALICE, newOrder(11, 1, Side.BUY, 100, 10));
        final org.agrona.ExpandableDirectByteBuffer snapshot = new org.agrona.ExpandableDirectByteBuffer(1024);
        final int length = writer.writeSnapshot(snapshot, 0);
        final long stored = writer.fullStateHash();

        final TradingEngine same = engine(List.of("7 1,2", "8 3-4"));
        same.loadSnapshot(snapshot, 0, length);
        assertEquals(stored, same.fullStateHash());

        final TradingEngine other = engine(List.of("7 1-3", "8 4"));
        other.loadSnapshot(snapshot, 0, length);
        assertNotEquals(stored, other.fullStateHash());
        final TradingEngine none = new TradingEngine(config);
        none.loadSnapshot(snapshot, 0, length);
        assertNotEquals(stored, none.fullStateHash());
    }

    @Test
    void aTableForAnotherAccountCountIsRefused()
    {
        final AccountOwners owners = AccountOwnersFile.parse("owners", OWNERS, ACCOUNTS + 1);
        assertThrows(IllegalArgumentException.class, () -> new TradingEngine(config, owners));
    }

    private TradingEngine engine(final List<String> lines)
    {
        return new TradingEngine(config, AccountOwnersFile.parse("owners", lines, ACCOUNTS));
    }

    /** @return the response's template id. */
    private int apply(final TradingEngine engine, final int principalId, final int length)
    {
        seq++;
        final int responseLength = engine.apply(seq, seq * 1_000, 100 + principalId, principalId, request, 0, length,
            response, 0);
        assertTrue(responseLength >= HEADER, "a response of at least a header");
        headerDecoder.wrap(response, 0);
        return headerDecoder.templateId();
    }

    private void assertRejected(
        final TradingEngine engine, final int principalId, final int length, final long refId, final RejectReason why)
    {
        headerDecoder.wrap(request, 0);
        final int requestTemplateId = headerDecoder.templateId();
        final long before = engine.fullStateHash();
        assertEquals(RejectDecoder.TEMPLATE_ID, apply(engine, principalId, length), "expected a Reject");
        final RejectDecoder reject = rejectDecoder.wrapAndApplyHeader(response, 0, headerDecoder);
        assertEquals(why, reject.reason());
        assertEquals(refId, reject.refId());
        assertEquals(requestTemplateId, reject.requestTemplateId());
        assertEquals(before, engine.fullStateHash(), "a reject changes no state");
    }

    private int newOrder(final long clientOrderId, final long accountId, final Side side, final long price,
        final long quantity)
    {
        new NewOrderEncoder().wrapAndApplyHeader(request, 0, headerEncoder)
            .clientOrderId(clientOrderId)
            .accountId(accountId)
            .price(price)
            .quantity(quantity)
            .userData(0)
            .instrumentId(1)
            .side(side);
        return HEADER + NewOrderEncoder.BLOCK_LENGTH;
    }

    private int cancel(final long accountId, final long orderId)
    {
        new CancelOrderEncoder().wrapAndApplyHeader(request, 0, headerEncoder)
            .accountId(accountId)
            .orderId(orderId)
            .instrumentId(1);
        return HEADER + CancelOrderEncoder.BLOCK_LENGTH;
    }

    private int transfer(final long transferId, final long from, final long to, final long amount)
    {
        new TransferEncoder().wrapAndApplyHeader(request, 0, headerEncoder)
            .transferId(transferId)
            .fromAccountId(from)
            .toAccountId(to)
            .amount(amount);
        return HEADER + TransferEncoder.BLOCK_LENGTH;
    }
}
