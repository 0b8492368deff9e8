package io.hedge.cli;

import io.hedge.replicas.ReplicaConfiguration;
import io.hedge.replicas.StateMachineFactory;
import io.hedge.replicas.StateMachineLoader;
import io.hedge.replicas.trading.AccountOwners;
import io.hedge.replicas.trading.AccountOwnersFile;
import io.hedge.replicas.trading.TradingConfig;
import io.hedge.replicas.trading.TradingConfiguration;
import io.hedge.replicas.trading.TradingEngine;

/**
 * Which state machine the settings ask replicas (and journal replay) to run: the sample trading engine, configured by
 * the {@code trading.*} settings (its account owners file read and checked here, at start), unless
 * {@code replica.state.machine} names another class, which is then loaded by
 * {@link StateMachineLoader} from {@code replica.state.machine.path} and given the {@code app.*} settings.
 */
final class StateMachineChoice
{
    private StateMachineChoice()
    {
    }

    static StateMachineFactory factory(final HedgeConfig config)
    {
        final String className = config.get(ReplicaConfiguration.STATE_MACHINE.key());
        final String path = config.get(ReplicaConfiguration.STATE_MACHINE_PATH.key());
        if (isTradingEngine(config))
        {
            if (!path.isEmpty())
            {
                throw new IllegalArgumentException("setting '" + ReplicaConfiguration.STATE_MACHINE_PATH.key() +
                    "' is set, but replica.state.machine names the sample trading engine, which is built in: leave " +
                    "the path empty or name your own class");
            }
            final TradingConfig trading = config.tradingConfig();
            final AccountOwners owners =
                AccountOwnersFile.load(config.get(TradingConfiguration.ACCOUNT_OWNERS.key()), trading.accounts());
            return StateMachineFactory.of(className, () -> new TradingEngine(trading, owners),
                TradingEngine.maxResponseLength(trading));
        }
        return StateMachineLoader.load(className, path, config.stateMachineProperties());
    }

    /**
     * @return whether the replicas run the sample trading engine, which the demo's and the load's orders are for.
     */
    static boolean isTradingEngine(final HedgeConfig config)
    {
        return TradingEngine.class.getName().equals(config.get(ReplicaConfiguration.STATE_MACHINE.key()));
    }
}
