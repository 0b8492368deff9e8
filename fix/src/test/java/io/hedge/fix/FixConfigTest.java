package io.hedge.fix;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The configuration's maps, and errors that name the key that is wrong.
 */
class FixConfigTest
{
    private static final Path BASE = Path.of("/tmp/fix-config-test");

    @Test
    void symbolsAccountsAndSessionsMapBothWays()
    {
        final FixConfig config = TestOrders.config(BASE);
        assertEquals(1, config.instrumentId("ACME"));
        assertEquals(0, config.instrumentId("XYZ"));
        assertEquals("ACME", config.symbol(1));
        assertEquals(1, config.accountId("MAKER-ACC"));
        assertEquals("MAKER-ACC", config.account(1));
        assertEquals(101, config.clientId("MAKER"));
        assertEquals(BASE.resolve("sessions.cfg"), config.settingsFile());
    }

    @Test
    void theClientsCredentialsAreTheSdksSettingsWithTheSecretFileRelativeToTheConfig()
    {
        assertEquals("", TestOrders.config(BASE).principal(), "none by default");
        assertEquals(null, TestOrders.config(BASE).secretFile());
        final Properties p = new Properties();
        p.setProperty(FixConfig.SETTINGS, "sessions.cfg");
        p.setProperty("symbol.ACME", "1");
        p.setProperty("account.MAKER-ACC", "1");
        p.setProperty("session.MAKER", "101");
        p.setProperty("client.principal", "fix-door");
        p.setProperty("client.secret.file", "keys/fix-door.secret");
        final FixConfig config = FixConfig.of(BASE, p);
        assertEquals("fix-door", config.principal());
        assertEquals(BASE.resolve("keys/fix-door.secret"), config.secretFile());
    }

    @Test
    void pricesAreWholeTicks()
    {
        final FixConfig config = TestOrders.config(BASE);
        assertEquals(10025, config.toTicks(1, new BigDecimal("100.25")));
        assertEquals(-1, config.toTicks(1, new BigDecimal("100.255")), "between ticks");
        assertEquals(-1, config.toTicks(1, new BigDecimal("-1")));
        assertEquals(0, new BigDecimal("100.25").compareTo(config.toPrice(1, 10025)));
    }

    @Test
    void errorsNameTheKey()
    {
        assertMessage("setting 'fix.settings' is required", p -> p.remove(FixConfig.SETTINGS));
        assertMessage("setting 'symbol.ACME' = 'x': not a whole number", p -> p.setProperty("symbol.ACME", "x"));
        assertMessage("setting 'symbol.BOLT' = '1': instrument 1 is mapped from symbol ACME too",
            p -> p.setProperty("symbol.BOLT", "1"));
        assertMessage("setting 'session.OTHER' = '101': client id 101 is given to another session too",
            p -> p.setProperty("session.OTHER", "101"));
        assertMessage("setting 'price.ticks.per.unit' = '0': must be positive",
            p -> p.setProperty(FixConfig.TICKS_PER_UNIT, "0"));
        assertMessage("setting 'hedge.request.timeout.ms' = '-5': must be positive",
            p -> p.setProperty(FixConfig.REQUEST_TIMEOUT_MS, "-5"));
    }

    @Test
    void aMissingFileSaysSo()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> FixConfig.load(BASE.resolve("nope.properties")));
        assertTrue(ex.getMessage().contains("does not exist"), ex.getMessage());
    }

    private static void assertMessage(final String expected, final java.util.function.Consumer<Properties> change)
    {
        final Properties p = new Properties();
        p.setProperty(FixConfig.SETTINGS, "sessions.cfg");
        p.setProperty("symbol.ACME", "1");
        p.setProperty("account.MAKER-ACC", "1");
        p.setProperty("session.MAKER", "101");
        change.accept(p);
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> FixConfig.of(BASE, p));
        assertEquals(expected, ex.getMessage());
    }
}
