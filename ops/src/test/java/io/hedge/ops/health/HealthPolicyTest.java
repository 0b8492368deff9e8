package io.hedge.ops.health;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HealthPolicyTest
{
    @Test
    void defaultsAreTheSettingsDefaults()
    {
        final HealthPolicy policy = HealthPolicy.defaults();
        assertEquals(HealthConfiguration.SUSPECT_MS.defaultLong(), policy.suspectMs());
        assertEquals(HealthConfiguration.DOWN_MS.defaultLong(), policy.downMs());
        assertEquals(HealthConfiguration.APPLY_P99_LIMIT_US.defaultLong() * 1000, policy.applyP99LimitNs());
        assertEquals(HealthConfiguration.DISK_MIN_MB.defaultLong() << 20, policy.diskMinBytes());
        assertEquals("", policy.alarmHook());
        assertEquals(16, HealthConfiguration.SETTINGS.size());
        HealthConfiguration.SETTINGS.forEach(s -> assertTrue(s.key().startsWith("health."), s.key()));
        policy.checkReportInterval(1000);
    }

    @Test
    void badValuesAreErrorsNamingTheirKey()
    {
        assertError("health.down.ms must be greater than health.suspect.ms", "health.down.ms", "1000");
        assertError("health.suspect.ms must be positive", "health.suspect.ms", "0");
        assertError("health.trend.window must be between 4 and 64", "health.trend.window", "3");
        assertError("health.trend.confirm must be between 1 and health.trend.window", "health.trend.confirm", "11");
        assertError("health.trend.agreement must be above 0 and at most 1", "health.trend.agreement", "1.5");
        assertError("health.trend.agreement must be a number, got 'x'", "health.trend.agreement", "x");
        assertError("health.lag.seqs must be a whole number, got '1e3'", "health.lag.seqs", "1e3");
        assertError("health.disk.min.mb is too large", "health.disk.min.mb", String.valueOf(Long.MAX_VALUE));
        assertError("health.alarm.hold.ms must not be negative", "health.alarm.hold.ms", "-1");
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> HealthPolicy.defaults().checkReportInterval(2000));
        assertTrue(ex.getMessage().startsWith("health.suspect.ms must be longer than the report interval"),
            ex.getMessage());
    }

    private static void assertError(final String expected, final String key, final String value)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> HealthPolicy.parse(Map.of(key, value)::get));
        assertTrue(ex.getMessage().startsWith(expected), ex.getMessage());
    }
}
