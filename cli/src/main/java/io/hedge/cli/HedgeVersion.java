package io.hedge.cli;

import picocli.CommandLine.IVersionProvider;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * {@code hedge --version}: the Maven project version, written into a resource at build time so that it cannot
 * disagree with the jars it is printed from.
 */
final class HedgeVersion implements IVersionProvider
{
    static final String RESOURCE = "version.properties";

    @Override
    public String[] getVersion()
    {
        return new String[]{"hedge " + version(), "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") +
            ")"};
    }

    static String version()
    {
        final Properties properties = new Properties();
        try (InputStream in = HedgeVersion.class.getResourceAsStream(RESOURCE))
        {
            if (null == in)
            {
                throw new IllegalStateException("the resource " + RESOURCE + " is missing from the hedge-cli jar");
            }
            properties.load(in);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return properties.getProperty("version");
    }
}
