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

class ReportingSettingsTest
{
    @TempDir
    Path dir;

    @Test
    void theDefaultsAreTheConfigurationsAndConclude()
    {
        final ReportingSettings settings = new ReportingSettings();
        assertEquals(1000, settings.reportMs());
        assertEquals(0, settings.httpPort(), "no endpoint unless asked");
        assertEquals("127.0.0.1", settings.httpHost());
        assertNull(settings.histogramLogDir(), "no histogram logs unless asked");
        assertTrue(settings.reportChannels().isEmpty());
        assertDoesNotThrow(settings::conclude);
        assertNull(new ReportingSettings().histogramLogDir(Path.of("")).histogramLogDir(), "empty is off");
    }

    @Test
    void aValueOutOfRangeIsRefusedByItsKey() throws Exception
    {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ReportingSettings().reportMs(0).conclude())
            .getMessage().startsWith("ops.report.ms "));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ReportingSettings().httpPort(70000).conclude())
            .getMessage().startsWith("metrics.http.port "));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ReportingSettings().httpHost(" ").conclude())
            .getMessage().startsWith("metrics.http.host "));
        final Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ReportingSettings().histogramLogDir(file)
            .conclude()).getMessage().startsWith("metrics.histogram.log "));
    }
}
