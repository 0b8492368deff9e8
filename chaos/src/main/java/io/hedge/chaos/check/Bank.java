package io.hedge.chaos.check;

import io.hedge.replicas.trading.TradingConfig;
import io.hedge.replicas.trading.TradingEngine;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

/**
 * The accounts the bank checker audits, as a journal is replayed into them. {@link #of(TradingConfig)} is the sample
 * trading engine; the interface exists so that the checker itself can be tested against a broken bank.
 */
public interface Bank
{
    /** Apply one journaled request. */
    void apply(long seq, long timestampNs, long clientId, DirectBuffer payload, int offset, int length);

    int accounts();

    /** Cash of all accounts, available plus reserved. */
    long totalCash();

    /** Cash of an account, available plus reserved. */
    long cash(long accountId);

    /** Smallest of an account's available and reserved cash. */
    long lowestBalance(long accountId);

    /**
     * @return a fresh sample trading engine of this configuration, as a bank.
     */
    static Bank of(final TradingConfig config)
    {
        final TradingEngine engine = new TradingEngine(config);
        final ExpandableArrayBuffer response = new ExpandableArrayBuffer(TradingEngine.maxResponseLength(config));
        return new Bank()
        {
            public void apply(
                final long seq, final long ts, final long clientId, final DirectBuffer payload, final int offset,
                final int length)
            {
                engine.apply(seq, ts, clientId, 0, payload, offset, length, response, 0);
            }

            public int accounts()
            {
                return config.accounts();
            }

            public long totalCash()
            {
                return engine.totalCash();
            }

            public long cash(final long accountId)
            {
                return engine.cashAvailable(accountId) + engine.cashReserved(accountId);
            }

            public long lowestBalance(final long accountId)
            {
                return Math.min(engine.cashAvailable(accountId), engine.cashReserved(accountId));
            }
        };
    }
}
