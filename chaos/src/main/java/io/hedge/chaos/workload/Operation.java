package io.hedge.chaos.workload;

import java.util.Map;

/**
 * One operation of the chaos workload, as generated from the seed: what the client means to do, before it is encoded.
 * Unused fields are 0.
 *
 * @param kind       what it is.
 * @param id         the transfer id, the client order id, or for a cancel the number (from 1) of this client's own
 *                   order it cancels.
 * @param account    the account paying (transfer), ordering, or owning the order to cancel.
 * @param toAccount  the account paid (transfer only).
 * @param instrument of the order or the cancel.
 * @param side       1 buy, 2 sell (orders only).
 * @param price      limit price in ticks (orders only).
 * @param quantity   of the order, or the transfer's amount.
 */
public record Operation(Kind kind, long id, long account, long toAccount, int instrument, int side, long price, long quantity)
{
    /** The kinds of request the workload sends. */
    public enum Kind
    {
        TRANSFER, NEW_ORDER, CANCEL
    }

    /**
     * @return the operation as the history writes it: {@code op=KIND id=.. account=.. ...}.
     */
    public String toFields()
    {
        return "op=" + kind + " id=" + id + " account=" + account + " to=" + toAccount + " instrument=" + instrument +
            " side=" + side + " price=" + price + " quantity=" + quantity;
    }

    /**
     * @param fields of a history line.
     * @return the operation they hold, or null if they hold none.
     */
    static Operation fromFields(final Map<String, String> fields)
    {
        final String op = fields.get("op");
        if (null == op)
        {
            return null;
        }
        return new Operation(Kind.valueOf(op), Long.parseLong(fields.get("id")), Long.parseLong(fields.get("account")),
            Long.parseLong(fields.get("to")), Integer.parseInt(fields.get("instrument")),
            Integer.parseInt(fields.get("side")), Long.parseLong(fields.get("price")),
            Long.parseLong(fields.get("quantity")));
    }
}
