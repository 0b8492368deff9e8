package io.hedge.fix;

import io.hedge.client.HedgeClientContext;
import io.hedge.transport.GatewayEndpoints;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The front door's configuration, from one properties file: where QuickFIX/J's own session settings and the ClOrdID
 * store are, how to reach the gateways, and the maps between FIX and the sample trading application (symbol to
 * instrument id with its price scale, FIX account to account id, FIX counterparty to a stable Hedge client id).
 * Every error names the key that is wrong; see docs/FIX.md for the keys.
 */
public final class FixConfig
{
    public static final String SETTINGS = "fix.settings";
    public static final String STORE_DIR = "fix.store.dir";
    public static final String INGRESS_CHANNELS = "hedge.ingress.channels";
    public static final String AERON_DIR = "hedge.aeron.dir";
    public static final String RESPONSE_HOST = "hedge.response.host";
    public static final String REQUEST_TIMEOUT_MS = "hedge.request.timeout.ms";
    public static final String CONNECT_TIMEOUT_MS = "hedge.connect.timeout.ms";
    /** The principal every session's client connects as, and its secret file (as the SDK's settings). */
    public static final String PRINCIPAL = "client.principal";
    public static final String SECRET_FILE = "client.secret.file";
    public static final String TICKS_PER_UNIT = "price.ticks.per.unit";
    public static final String SYMBOL_PREFIX = "symbol.";
    public static final String TICKS_SUFFIX = ".ticks.per.unit";
    public static final String ACCOUNT_PREFIX = "account.";
    public static final String SESSION_PREFIX = "session.";

    private final Path settingsFile;
    private final Path storeDir;
    private final List<String> ingressChannels;
    private final String aeronDir;
    private final String responseHost;
    private final long requestTimeoutNs;
    private final long connectTimeoutNs;
    private final String principal;
    private final Path secretFile;
    private final Map<String, Integer> instrumentBySymbol = new HashMap<>();
    private final Map<Integer, String> symbolByInstrument = new HashMap<>();
    private final Map<Integer, BigDecimal> ticksPerUnit = new HashMap<>();
    private final Map<String, Long> accountIds = new HashMap<>();
    private final Map<Long, String> accountNames = new HashMap<>();
    private final Map<String, Long> clientIds = new TreeMap<>();

    private FixConfig(final Path base, final Properties p)
    {
        settingsFile = base.resolve(required(p, SETTINGS));
        storeDir = base.resolve(p.getProperty(STORE_DIR, "fix-store").trim());
        final String channels = p.getProperty(INGRESS_CHANNELS, HedgeClientContext.DEFAULT_INGRESS_CHANNEL).trim();
        final List<String> list = new ArrayList<>();
        for (final String channel : channels.split(","))
        {
            if (!channel.isBlank())
            {
                list.add(channel.trim());
            }
        }
        if (list.isEmpty())
        {
            throw invalid(INGRESS_CHANNELS, channels, "name at least one gateway ingress channel");
        }
        ingressChannels = Collections.unmodifiableList(list);
        aeronDir = p.getProperty(AERON_DIR, "").trim();
        responseHost = p.getProperty(RESPONSE_HOST, "localhost").trim();
        requestTimeoutNs = TimeUnit.MILLISECONDS.toNanos(positiveLong(p, REQUEST_TIMEOUT_MS, "5000"));
        connectTimeoutNs = TimeUnit.MILLISECONDS.toNanos(positiveLong(p, CONNECT_TIMEOUT_MS, "10000"));
        principal = p.getProperty(PRINCIPAL, "").trim();
        final String secret = p.getProperty(SECRET_FILE, "").trim();
        secretFile = secret.isEmpty() ? null : base.resolve(secret);
        final BigDecimal defaultTicks = ticks(p, TICKS_PER_UNIT, "1");
        for (final String key : new TreeMap<>(p).keySet().stream().map(Object::toString).toList())
        {
            if (key.startsWith(SYMBOL_PREFIX) && !key.endsWith(TICKS_SUFFIX))
            {
                final String symbol = key.substring(SYMBOL_PREFIX.length());
                final long id = positiveLong(p, key, null);
                if (id > Integer.MAX_VALUE)
                {
                    throw invalid(key, p.getProperty(key), "an instrument id is an int");
                }
                final String other = symbolByInstrument.put((int)id, symbol);
                if (null != other)
                {
                    throw invalid(key, p.getProperty(key), "instrument " + id + " is mapped from symbol " + other + " too");
                }
                instrumentBySymbol.put(symbol, (int)id);
                ticksPerUnit.put((int)id, ticks(p, key + TICKS_SUFFIX, defaultTicks.toPlainString()));
            }
            else if (key.startsWith(SYMBOL_PREFIX) && !p.containsKey(key.substring(0, key.length() - TICKS_SUFFIX.length())))
            {
                throw invalid(key, p.getProperty(key), "no symbol " +
                    key.substring(SYMBOL_PREFIX.length(), key.length() - TICKS_SUFFIX.length()) + " is mapped");
            }
            else if (key.startsWith(ACCOUNT_PREFIX))
            {
                final long id = positiveLong(p, key, null);
                final String account = key.substring(ACCOUNT_PREFIX.length());
                final String other = accountNames.put(id, account);
                if (null != other)
                {
                    throw invalid(key, p.getProperty(key), "account id " + id + " is mapped from account " + other + " too");
                }
                accountIds.put(account, id);
            }
            else if (key.startsWith(SESSION_PREFIX))
            {
                final long id = positiveLong(p, key, null);
                if (clientIds.containsValue(id))
                {
                    throw invalid(key, p.getProperty(key), "client id " + id + " is given to another session too");
                }
                clientIds.put(key.substring(SESSION_PREFIX.length()), id);
            }
        }
        if (instrumentBySymbol.isEmpty())
        {
            throw new IllegalArgumentException("no symbol is mapped: add a line " + SYMBOL_PREFIX + "SYMBOL=INSTRUMENT_ID");
        }
        if (accountIds.isEmpty())
        {
            throw new IllegalArgumentException("no account is mapped: add a line " + ACCOUNT_PREFIX + "ACCOUNT=ACCOUNT_ID");
        }
        if (clientIds.isEmpty())
        {
            throw new IllegalArgumentException(
                "no session is mapped to a client id: add a line " + SESSION_PREFIX + "TARGET_COMP_ID=CLIENT_ID");
        }
    }

    /**
     * @param file the properties file.
     * @return its configuration; relative paths in it are relative to the file's directory.
     * @throws IllegalArgumentException naming the key, or the file, that is wrong.
     */
    public static FixConfig load(final Path file)
    {
        final Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file))
        {
            p.load(in);
        }
        catch (final NoSuchFileException ex)
        {
            throw new IllegalArgumentException("FIX config file " + file + " does not exist");
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("FIX config file " + file + " cannot be read: " + ex.getMessage());
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("FIX config file " + file + " is not a properties file: " + ex.getMessage());
        }
        final Path base = null == file.toAbsolutePath().getParent() ? Path.of(".") : file.toAbsolutePath().getParent();
        return new FixConfig(base, p);
    }

    /**
     * @param base       directory relative paths are resolved against.
     * @param properties the keys.
     * @return the configuration.
     */
    public static FixConfig of(final Path base, final Properties properties)
    {
        return new FixConfig(base, properties);
    }

    private static String required(final Properties p, final String key)
    {
        final String value = p.getProperty(key);
        if (null == value || value.isBlank())
        {
            throw new IllegalArgumentException("setting '" + key + "' is required");
        }
        return value.trim();
    }

    private static long positiveLong(final Properties p, final String key, final String defaultValue)
    {
        final String value = null == defaultValue ? required(p, key) : p.getProperty(key, defaultValue).trim();
        try
        {
            final long v = Long.parseLong(value.trim());
            if (v <= 0)
            {
                throw invalid(key, value, "must be positive");
            }
            return v;
        }
        catch (final NumberFormatException ex)
        {
            throw invalid(key, value, "not a whole number");
        }
    }

    private static BigDecimal ticks(final Properties p, final String key, final String defaultValue)
    {
        final String value = p.getProperty(key, defaultValue).trim();
        try
        {
            final BigDecimal ticks = new BigDecimal(value);
            if (ticks.signum() <= 0)
            {
                throw invalid(key, value, "must be positive");
            }
            return ticks;
        }
        catch (final NumberFormatException ex)
        {
            throw invalid(key, value, "not a number");
        }
    }

    private static IllegalArgumentException invalid(final String key, final String value, final String why)
    {
        return new IllegalArgumentException("setting '" + key + "' = '" + value + "': " + why);
    }

    public Path settingsFile()
    {
        return settingsFile;
    }

    public Path storeDir()
    {
        return storeDir;
    }

    public List<String> ingressChannels()
    {
        return ingressChannels;
    }

    /**
     * @return the directory of an external media driver, or empty to run one in the front door.
     */
    public String aeronDir()
    {
        return aeronDir;
    }

    public String responseChannel()
    {
        return GatewayEndpoints.clientResponseChannel(responseHost);
    }

    public long requestTimeoutNs()
    {
        return requestTimeoutNs;
    }

    public long connectTimeoutNs()
    {
        return connectTimeoutNs;
    }

    /**
     * @return the principal the front door's clients connect as; empty for none.
     */
    public String principal()
    {
        return principal;
    }

    /**
     * @return the file holding the principal's secret, or null.
     */
    public Path secretFile()
    {
        return secretFile;
    }

    /**
     * @return the instrument id of a symbol, or 0 if it is not mapped.
     */
    public int instrumentId(final String symbol)
    {
        final Integer id = instrumentBySymbol.get(symbol);
        return null == id ? 0 : id;
    }

    /**
     * @return the symbol of an instrument id, or its number as text if it is not mapped.
     */
    public String symbol(final int instrumentId)
    {
        final String symbol = symbolByInstrument.get(instrumentId);
        return null == symbol ? Integer.toString(instrumentId) : symbol;
    }

    /**
     * @return the account id of a FIX account, or 0 if it is not mapped.
     */
    public long accountId(final String account)
    {
        final Long id = null == account ? null : accountIds.get(account);
        return null == id ? 0 : id;
    }

    /**
     * @return the FIX account of an account id, or its number as text if it is not mapped.
     */
    public String account(final long accountId)
    {
        final String name = accountNames.get(accountId);
        return null == name ? Long.toString(accountId) : name;
    }

    /**
     * @param targetCompId the counterparty's CompID (its SenderCompID, the session's TargetCompID).
     * @return its stable Hedge client id, or 0 if it has none.
     */
    public long clientId(final String targetCompId)
    {
        final Long id = clientIds.get(targetCompId);
        return null == id ? 0 : id;
    }

    /**
     * @return every counterparty CompID with its client id.
     */
    public Map<String, Long> clientIds()
    {
        return Collections.unmodifiableMap(clientIds);
    }

    /**
     * @return the price in ticks, or -1 if it is not a positive whole number of ticks of the instrument.
     */
    public long toTicks(final int instrumentId, final BigDecimal price)
    {
        final BigDecimal ticks = price.multiply(ticksPerUnit.getOrDefault(instrumentId, BigDecimal.ONE));
        try
        {
            final long value = ticks.stripTrailingZeros().longValueExact();
            return value > 0 ? value : -1;
        }
        catch (final ArithmeticException ex)
        {
            return -1;
        }
    }

    /**
     * @return a price in ticks as a FIX price.
     */
    public BigDecimal toPrice(final int instrumentId, final long ticks)
    {
        final BigDecimal scale = ticksPerUnit.getOrDefault(instrumentId, BigDecimal.ONE);
        return BigDecimal.valueOf(ticks).divide(scale, java.math.MathContext.DECIMAL64).stripTrailingZeros();
    }

    /**
     * Fail early on a file that is missing, so that the error names the key.
     */
    void checkFiles()
    {
        if (!Files.isRegularFile(settingsFile))
        {
            throw new IllegalArgumentException("setting '" + SETTINGS + "': QuickFIX/J session settings file " +
                settingsFile + " does not exist");
        }
        if (Files.exists(storeDir) && !Files.isDirectory(storeDir))
        {
            throw new IllegalArgumentException("setting '" + STORE_DIR + "': " + storeDir + " is a file, not a directory");
        }
        try
        {
            Files.createDirectories(storeDir);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("setting '" + STORE_DIR + "': cannot create " + storeDir, ex);
        }
    }
}
