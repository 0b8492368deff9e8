package io.hedge.replicas.trading;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Cash and positions of every account, in flat arrays indexed by id so that access is a bounds-checked load and
 * iteration (for hashing and totals) is in id order, never in hash order.
 *
 * <p>Each balance is split into available and reserved: a resting or matching order holds its reservation so that
 * it can always settle. Every method moves value between buckets or accounts without creating or destroying any,
 * which is what the conservation checks rely on.
 */
final class Accounts
{
    private final int accounts;
    private final int instruments;
    /** Indexed by account id; slot 0 unused. */
    private final long[] cashAvailable;
    private final long[] cashReserved;
    /** Indexed by {@link #positionIndex(long, int)}. */
    private final long[] positionAvailable;
    private final long[] positionReserved;

    Accounts(final TradingConfig config)
    {
        accounts = config.accounts();
        instruments = config.instruments();
        cashAvailable = new long[accounts + 1];
        cashReserved = new long[accounts + 1];
        positionAvailable = new long[(accounts + 1) * instruments];
        positionReserved = new long[(accounts + 1) * instruments];
        for (int a = 1; a <= accounts; a++)
        {
            cashAvailable[a] = config.initialCash();
            for (int i = 1; i <= instruments; i++)
            {
                positionAvailable[positionIndex(a, i)] = config.initialPosition();
            }
        }
    }

    boolean isValidAccount(final long accountId)
    {
        return accountId >= 1 && accountId <= accounts;
    }

    boolean isValidInstrument(final long instrumentId)
    {
        return instrumentId >= 1 && instrumentId <= instruments;
    }

    int accountCount()
    {
        return accounts;
    }

    int instrumentCount()
    {
        return instruments;
    }

    long cashAvailable(final long accountId)
    {
        return cashAvailable[(int)accountId];
    }

    long cashReserved(final long accountId)
    {
        return cashReserved[(int)accountId];
    }

    long positionAvailable(final long accountId, final int instrumentId)
    {
        return positionAvailable[positionIndex(accountId, instrumentId)];
    }

    long positionReserved(final long accountId, final int instrumentId)
    {
        return positionReserved[positionIndex(accountId, instrumentId)];
    }

    boolean tryReserveCash(final long accountId, final long amount)
    {
        final int a = (int)accountId;
        if (cashAvailable[a] < amount)
        {
            return false;
        }
        cashAvailable[a] -= amount;
        cashReserved[a] += amount;
        return true;
    }

    void releaseCash(final long accountId, final long amount)
    {
        final int a = (int)accountId;
        cashReserved[a] -= amount;
        cashAvailable[a] += amount;
    }

    boolean tryReservePosition(final long accountId, final int instrumentId, final long quantity)
    {
        final int p = positionIndex(accountId, instrumentId);
        if (positionAvailable[p] < quantity)
        {
            return false;
        }
        positionAvailable[p] -= quantity;
        positionReserved[p] += quantity;
        return true;
    }

    void releasePosition(final long accountId, final int instrumentId, final long quantity)
    {
        final int p = positionIndex(accountId, instrumentId);
        positionReserved[p] -= quantity;
        positionAvailable[p] += quantity;
    }

    /**
     * Settle one fill out of both parties' reservations.
     *
     * @param buyerId            the buying account.
     * @param buyerReservedPrice the price the buyer reserved cash at; above {@code price} when a buy aggressor fills
     *                           better than its limit, and the difference goes back to its available cash.
     * @param sellerId           the selling account (may equal the buyer).
     * @param instrumentId       what trades.
     * @param price              the fill price.
     * @param quantity           the fill quantity.
     */
    void settle(
        final long buyerId,
        final long buyerReservedPrice,
        final long sellerId,
        final int instrumentId,
        final long price,
        final long quantity)
    {
        final int buyer = (int)buyerId;
        final int seller = (int)sellerId;
        cashReserved[buyer] -= buyerReservedPrice * quantity;
        cashAvailable[buyer] += (buyerReservedPrice - price) * quantity;
        cashAvailable[seller] += price * quantity;
        positionReserved[positionIndex(seller, instrumentId)] -= quantity;
        positionAvailable[positionIndex(buyer, instrumentId)] += quantity;
    }

    /**
     * @return true if the cash moved, false if the payer has too little available.
     */
    boolean tryTransfer(final long fromId, final long toId, final long amount)
    {
        final int from = (int)fromId;
        if (cashAvailable[from] < amount)
        {
            return false;
        }
        cashAvailable[from] -= amount;
        cashAvailable[(int)toId] += amount;
        return true;
    }

    long totalCash()
    {
        long total = 0;
        for (int a = 1; a <= accounts; a++)
        {
            total += cashAvailable[a] + cashReserved[a];
        }
        return total;
    }

    long totalPosition(final int instrumentId)
    {
        long total = 0;
        for (int a = 1; a <= accounts; a++)
        {
            final int p = positionIndex(a, instrumentId);
            total += positionAvailable[p] + positionReserved[p];
        }
        return total;
    }

    /**
     * Fold every balance into a hash, in account then instrument order.
     *
     * @param hash to continue.
     * @return the hash including all balances.
     */
    long hash(final long hash)
    {
        long h = hash;
        for (int a = 1; a <= accounts; a++)
        {
            h = TradingStateHash.fold(h, a);
            h = TradingStateHash.fold(h, cashAvailable[a]);
            h = TradingStateHash.fold(h, cashReserved[a]);
            for (int i = 1; i <= instruments; i++)
            {
                final int p = positionIndex(a, i);
                h = TradingStateHash.fold(h, positionAvailable[p]);
                h = TradingStateHash.fold(h, positionReserved[p]);
            }
        }
        return h;
    }

    /**
     * @return bytes {@link #writeSnapshot} writes: four longs per account and instrument, two more per account.
     */
    long snapshotLength()
    {
        return (long)accounts * (2 + 2L * instruments) * Long.BYTES;
    }

    /**
     * Write every balance, in account then instrument order: cash available and reserved, then position available
     * and reserved for each instrument.
     *
     * @return the offset after the last byte written.
     */
    int writeSnapshot(final MutableDirectBuffer buffer, final int offset)
    {
        int index = offset;
        for (int a = 1; a <= accounts; a++)
        {
            buffer.putLong(index, cashAvailable[a], LITTLE_ENDIAN);
            buffer.putLong(index + Long.BYTES, cashReserved[a], LITTLE_ENDIAN);
            index += 2 * Long.BYTES;
            for (int i = 1; i <= instruments; i++)
            {
                final int p = positionIndex(a, i);
                buffer.putLong(index, positionAvailable[p], LITTLE_ENDIAN);
                buffer.putLong(index + Long.BYTES, positionReserved[p], LITTLE_ENDIAN);
                index += 2 * Long.BYTES;
            }
        }
        return index;
    }

    /**
     * Overwrite every balance with those {@link #writeSnapshot} wrote; the caller has checked the bytes.
     *
     * @return the offset after the last byte read.
     */
    int loadSnapshot(final DirectBuffer buffer, final int offset)
    {
        int index = offset;
        for (int a = 1; a <= accounts; a++)
        {
            cashAvailable[a] = buffer.getLong(index, LITTLE_ENDIAN);
            cashReserved[a] = buffer.getLong(index + Long.BYTES, LITTLE_ENDIAN);
            index += 2 * Long.BYTES;
            for (int i = 1; i <= instruments; i++)
            {
                final int p = positionIndex(a, i);
                positionAvailable[p] = buffer.getLong(index, LITTLE_ENDIAN);
                positionReserved[p] = buffer.getLong(index + Long.BYTES, LITTLE_ENDIAN);
                index += 2 * Long.BYTES;
            }
        }
        return index;
    }

    private int positionIndex(final long accountId, final int instrumentId)
    {
        return (int)accountId * instruments + (instrumentId - 1);
    }
}
