package io.hedge.transport;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettingTest
{
    @Test
    void listKeepsTheOrderGiven()
    {
        final Setting a = new Setting("a", "1", "first");
        final Setting b = new Setting("b", "2", "second");
        assertEquals(List.of(b, a), Setting.list(b, a));
    }

    @Test
    void listRejectsAKeyDeclaredTwiceNamingIt()
    {
        final IllegalStateException ex = assertThrows(IllegalStateException.class, () -> Setting.list(
            new Setting("gateway.id", "1", "one"), new Setting("idle", "backoff", "two"),
            new Setting("gateway.id", "2", "three")));
        assertEquals("setting gateway.id is declared twice", ex.getMessage());
    }

    @Test
    void defaultsConvertToTheirTypes()
    {
        assertEquals(20_121, new Setting("p", "20121", "").defaultInt());
        assertEquals(5_000_000_000L, new Setting("n", "5000000000", "").defaultLong());
        assertTrue(new Setting("t", "true", "").defaultBoolean());
        assertFalse(new Setting("f", "false", "").defaultBoolean());
        assertEquals(250_000_000L, new Setting("ms", "250", "").defaultNanosFromMillis());
        assertEquals(100_000L, new Setting("us", "100", "").defaultNanosFromMicros());
    }

    @Test
    void aDefaultThatIsNotANumberFailsWhenReadAsOne()
    {
        assertThrows(NumberFormatException.class, () -> new Setting("host", "localhost", "").defaultInt());
        assertThrows(NumberFormatException.class, () -> new Setting("host", "", "").defaultLong());
    }

    @Test
    void invalidNamesTheKey()
    {
        final IllegalArgumentException ex =
            new Setting("gateway.heartbeat.ms", "20", "").invalid("must be positive, got 0");
        assertEquals("gateway.heartbeat.ms must be positive, got 0", ex.getMessage());
    }

    @Test
    void theSharedKeysAreDistinctAndEachHasADoc()
    {
        final Set<String> keys = new HashSet<>();
        for (final Setting setting : TransportConfiguration.SETTINGS)
        {
            assertTrue(keys.add(setting.key()), setting.key());
            assertFalse(setting.doc().isBlank(), setting.key());
        }
        assertEquals(20_121, TransportConfiguration.INGRESS_PORT.defaultInt());
        assertTrue(TransportConfiguration.SETTINGS.contains(TransportConfiguration.IDLE));
    }
}
