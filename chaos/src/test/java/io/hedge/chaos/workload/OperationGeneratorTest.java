package io.hedge.chaos.workload;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OperationGeneratorTest
{
    private static List<Operation> take(final OperationGenerator generator, final int n)
    {
        final List<Operation> ops = new ArrayList<>();
        for (int i = 0; i < n; i++)
        {
            ops.add(generator.next());
        }
        return ops;
    }

    @Test
    void theSameSeedAndClientGiveTheSameOperations()
    {
        final List<Operation> first = take(new OperationGenerator(42, 1, 100, 4, 40, 10), 5_000);
        final List<Operation> second = take(new OperationGenerator(42, 1, 100, 4, 40, 10), 5_000);
        assertEquals(first, second);

        assertNotEquals(first, take(new OperationGenerator(43, 1, 100, 4, 40, 10), 5_000), "another seed");
        assertNotEquals(first, take(new OperationGenerator(42, 2, 100, 4, 40, 10), 5_000), "another client");
    }

    @Test
    void theMixHoldsTransfersOrdersAndCancelsOfTheClientsOwnOrders()
    {
        final Map<Operation.Kind, Integer> counts = new EnumMap<>(Operation.Kind.class);
        final Map<Long, Operation> orders = new java.util.HashMap<>();
        for (final Operation op : take(new OperationGenerator(7, 3, 100, 4, 40, 10), 10_000))
        {
            counts.merge(op.kind(), 1, Integer::sum);
            switch (op.kind())
            {
                case NEW_ORDER -> orders.put(op.id(), op);
                case CANCEL ->
                {
                    final Operation order = orders.get(op.id());
                    assertEquals(order.account(), op.account(), "a cancel names its order's account");
                    assertEquals(order.instrument(), op.instrument(), "and its instrument");
                }
                case TRANSFER ->
                {
                    assertNotEquals(op.account(), op.toAccount());
                    assertTrue(op.account() >= 1 && op.account() <= 100 && op.toAccount() >= 1 && op.toAccount() <= 100);
                    assertTrue(op.quantity() >= 1 && op.quantity() <= OperationGenerator.MAX_TRANSFER_AMOUNT);
                }
            }
        }
        assertTrue(counts.get(Operation.Kind.NEW_ORDER) > 3_500 && counts.get(Operation.Kind.NEW_ORDER) < 4_500, counts::toString);
        assertTrue(counts.get(Operation.Kind.CANCEL) > 700 && counts.get(Operation.Kind.CANCEL) < 1_300, counts::toString);
        assertTrue(counts.get(Operation.Kind.TRANSFER) > 4_500, counts::toString);
    }
}
