package io.hedge.replicas.trading;

import io.hedge.transport.Setting;

import java.util.List;

/**
 * The sample trading engine's keys: {@link TradingConfig#defaults()} takes its defaults from here, and
 * {@code hedge settings} lists them.
 */
public final class TradingConfiguration
{
    public static final Setting ACCOUNTS = new Setting("trading.accounts", "1000", "accounts of the sample trading engine");
    public static final Setting INSTRUMENTS = new Setting(
        "trading.instruments", "16", "instruments of the sample trading engine");
    public static final Setting ROUTED_EVERY = new Setting("trading.routed.every", "4",
        "fills of instruments whose id is a multiple of this become ExchangeOrder external effects; 0: none");

    public static final Setting ACCOUNT_OWNERS = new Setting("trading.account.owners", "",
        "file saying which principal owns which accounts (lines '<principalId> <accounts>', e.g. '7 1-100,205'); " +
        "orders, cancels and transfers out of an account are accepted only from its owner; every replica needs an " +
        "equal file; empty: any principal may use any account");

    /** Every trading key, in the order {@code hedge settings} lists them. */
    public static final List<Setting> SETTINGS = Setting.list(ACCOUNTS, INSTRUMENTS, ROUTED_EVERY, ACCOUNT_OWNERS);

    private TradingConfiguration()
    {
    }
}
