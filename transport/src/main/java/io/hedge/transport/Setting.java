package io.hedge.transport;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One configuration key: its name, its default and one line of documentation. Each role's Configuration class
 * declares its keys once as Settings; the role's Context takes its defaults from them and the command line's
 * properties binding lists and checks them, so that {@code hedge settings} and the code cannot disagree.
 *
 * @param key          the key in a properties file, e.g. {@code gateway.heartbeat.timeout.ms}.
 * @param defaultValue the default, as it would be written in a properties file.
 * @param doc          what the key means, in one line.
 */
public record Setting(String key, String defaultValue, String doc)
{
    public int defaultInt()
    {
        return Integer.parseInt(defaultValue);
    }

    public long defaultLong()
    {
        return Long.parseLong(defaultValue);
    }

    public boolean defaultBoolean()
    {
        return Boolean.parseBoolean(defaultValue);
    }

    /**
     * @return the default, a number of milliseconds, in nanoseconds.
     */
    public long defaultNanosFromMillis()
    {
        return TimeUnit.MILLISECONDS.toNanos(defaultLong());
    }

    /**
     * @return the default, a number of microseconds, in nanoseconds.
     */
    public long defaultNanosFromMicros()
    {
        return TimeUnit.MICROSECONDS.toNanos(defaultLong());
    }

    /**
     * @return an error naming this key, for a Context's {@code conclude()}.
     */
    public IllegalArgumentException invalid(final String why)
    {
        return new IllegalArgumentException(key + " " + why);
    }

    /**
     * @return the settings, in order, checking that no key is declared twice.
     */
    public static List<Setting> list(final Setting... settings)
    {
        final List<Setting> list = List.of(settings);
        final java.util.Set<String> keys = new java.util.HashSet<>();
        for (final Setting setting : list)
        {
            if (!keys.add(setting.key()))
            {
                throw new IllegalStateException("setting " + setting.key() + " is declared twice");
            }
        }
        return list;
    }
}
