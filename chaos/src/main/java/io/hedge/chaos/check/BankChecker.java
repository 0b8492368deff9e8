package io.hedge.chaos.check;

import org.agrona.concurrent.UnsafeBuffer;

import java.util.function.Function;

/**
 * (d) The bank: replaying the reference journal (the longest that starts at seq 1) into a fresh engine, total cash
 * stays what the accounts started with after every request, and no account's cash (available or reserved) is ever
 * negative.
 */
public final class BankChecker implements Checker
{
    public static final String NAME = "bank";

    private final Function<io.hedge.replicas.trading.TradingConfig, Bank> banks;

    /** Audits the sample trading engine. */
    public BankChecker()
    {
        this(Bank::of);
    }

    /**
     * @param banks makes a fresh bank of a configuration.
     */
    public BankChecker(final Function<io.hedge.replicas.trading.TradingConfig, Bank> banks)
    {
        this.banks = banks;
    }

    @Override
    public CheckResult check(final RunRecord run)
    {
        final ReplicaJournal journal = run.reference();
        if (null == journal)
        {
            return CheckResult.fail(NAME, "no journal starts at seq 1", new CheckResult.CounterExample(0, 0, 0, null,
                "no replica journal starts at seq 1, so none can be replayed from the initial balances"));
        }
        final Bank bank = banks.apply(run.trading());
        final long initial = bank.totalCash();
        final UnsafeBuffer record = new UnsafeBuffer(new byte[0]);
        for (final JournalEntry e : journal.entries())
        {
            record.wrap(e.record());
            bank.apply(e.seq(), e.timestampNs(), e.clientId(), record, e.payloadOffset(), e.payloadLength());
            final long total = bank.totalCash();
            if (total != initial)
            {
                return fail(run, journal, e, "total cash is " + total + " after seq " + e.seq() + ", it started at " +
                    initial);
            }
            for (long account = 1; account <= bank.accounts(); account++)
            {
                if (bank.lowestBalance(account) < 0)
                {
                    return fail(run, journal, e, "account " + account + " is negative after seq " + e.seq() +
                        ": cash " + bank.cash(account) + ", lowest balance " + bank.lowestBalance(account));
                }
            }
        }
        return CheckResult.pass(NAME, journal.entries().size() + " requests of " + journal.name() + " replayed: total " +
            "cash " + initial + " conserved after each, no account of " + bank.accounts() + " negative");
    }

    private static CheckResult fail(final RunRecord run, final ReplicaJournal journal, final JournalEntry e,
        final String detail)
    {
        return CheckResult.fail(NAME, "replay of " + journal.name() + " stopped at seq " + e.seq(),
            new CheckResult.CounterExample(e.seq(), e.clientId(), e.correlationId(),
                run.faultAtSubmit(e.clientId(), e.correlationId()), detail));
    }
}
