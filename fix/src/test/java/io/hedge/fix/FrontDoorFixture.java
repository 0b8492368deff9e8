package io.hedge.fix;

import io.hedge.replicas.trading.TradingEngine;
import org.agrona.CloseHelper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * A fabric, a front door in front of it (its config and stores under the fabric's directory) and the two
 * counterparties MAKER (client id 101, account MAKER-ACC = 1) and TAKER (102, TAKER-ACC = 2) as a QuickFIX/J initiator.
 * ACME is instrument 1 at 100 ticks per unit, BOLT instrument 2 in whole units.
 */
final class FrontDoorFixture implements AutoCloseable
{
    static final String MAKER = "MAKER";
    static final String TAKER = "TAKER";

    final FixFabric fabric;
    final Path dir;
    final Path configFile;
    final int port = FixFabric.freeTcpPort();
    FixFrontDoor frontDoor;
    FixTestClient client;

    FrontDoorFixture(final String name, final int gateways) throws Exception
    {
        fabric = new FixFabric(name, gateways);
        boolean started = false;
        try
        {
            dir = fabric.dir.resolve("fix");
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("acceptor.cfg"), FixTestClient.acceptorSettings(dir, port, MAKER, TAKER));
            final Properties p = new Properties();
            p.setProperty(FixConfig.SETTINGS, "acceptor.cfg");
            p.setProperty(FixConfig.STORE_DIR, "fix-store");
            p.setProperty(FixConfig.INGRESS_CHANNELS, fabric.ingressChannels());
            p.setProperty(FixConfig.AERON_DIR, fabric.driver.aeronDirectoryName());
            p.setProperty(FixConfig.REQUEST_TIMEOUT_MS, "3000");
            p.setProperty("symbol.ACME", "1");
            p.setProperty("symbol.ACME.ticks.per.unit", "100");
            p.setProperty("symbol.BOLT", "2");
            p.setProperty("account.MAKER-ACC", "1");
            p.setProperty("account.TAKER-ACC", "2");
            p.setProperty("session." + MAKER, "101");
            p.setProperty("session." + TAKER, "102");
            configFile = dir.resolve("fix.properties");
            try (var out = Files.newOutputStream(configFile))
            {
                p.store(out, "test front door");
            }
            frontDoor = FixFrontDoor.start(FixConfig.load(configFile));
            client = new FixTestClient(dir, port, MAKER, TAKER);
            client.awaitLoggedOn(MAKER);
            client.awaitLoggedOn(TAKER);
            started = true;
        }
        finally
        {
            if (!started)
            {
                close();
            }
        }
    }

    /**
     * Stop the front door and start a new one on the same configuration and stores, as a process restart would.
     */
    void restartFrontDoor()
    {
        frontDoor.close();
        frontDoor = FixFrontDoor.start(FixConfig.load(configFile));
    }

    List<TradingEngine> engines()
    {
        return fabric.settledEngines();
    }

    @Override
    public void close()
    {
        CloseHelper.quietCloseAll(client, frontDoor, fabric);
    }
}
