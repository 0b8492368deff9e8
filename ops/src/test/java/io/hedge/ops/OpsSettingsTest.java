package io.hedge.ops;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpsSettingsTest
{
    @TempDir
    Path dir;

    @Test
    void theDefaultsAreTheConfigurationsAndConclude()
    {
        final OpsSettings settings = new OpsSettings();
        assertEquals(1000, settings.reportMs());
        assertEquals(0, settings.httpPort(), "no endpoint unless asked");
        assertEquals("127.0.0.1", settings.httpHost());
        assertNull(settings.histogramLogDir(), "no histogram logs unless asked");
        assertTrue(settings.reportChannels().isEmpty());
        assertDoesNotThrow(settings::conclude);
        assertNull(new OpsSettings().histogramLogDir(Path.of("")).histogramLogDir(), "empty is off");
    }

    @Test
    void aValueOutOfRangeIsRefusedByItsKey() throws Exception
    {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new OpsSettings().reportMs(0).conclude())
            .getMessage().startsWith("ops.report.ms "));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new OpsSettings().httpPort(70000).conclude())
            .getMessage().startsWith("metrics.http.port "));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new OpsSettings().httpHost(" ").conclude())
            .getMessage().startsWith("metrics.http.host "));
        final Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new OpsSettings().histogramLogDir(file)
            .conclude()).getMessage().startsWith("metrics.histogram.log "));
    }
}
