package io.hedge.perf.compare;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A second Hedge configuration a compare runs beside the default one, in the same run so that their ratio is measured
 * on the same machine in the same minutes: a name for its rows and the settings it changes.
 */
public final class HedgeVariant
{
    private final String name;
    private final Map<String, String> settings;

    public HedgeVariant(final String name, final Map<String, String> settings)
    {
        if (settings.isEmpty())
        {
            throw new IllegalArgumentException("a Hedge variant must change at least one setting");
        }
        this.name = name;
        this.settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    public String name()
    {
        return name;
    }

    /**
     * @return the settings it changes, in the order given.
     */
    public Map<String, String> settings()
    {
        return settings;
    }

    /**
     * @return the name made safe for a directory or file name.
     */
    String fileName()
    {
        return name.replaceAll("[^A-Za-z0-9_.-]+", "-");
    }
}
