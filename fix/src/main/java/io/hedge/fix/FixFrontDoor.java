package io.hedge.fix;

import io.aeron.Aeron;
import io.aeron.driver.ThreadingMode;
import io.hedge.client.HedgeClientContext;
import io.hedge.client.HedgeSession;
import io.hedge.transport.EmbeddedDriver;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import quickfix.ConfigError;
import quickfix.DefaultMessageFactory;
import quickfix.FileStoreFactory;
import quickfix.SLF4JLogFactory;
import quickfix.SessionID;
import quickfix.SessionSettings;
import quickfix.SocketAcceptor;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The FIX front door: a QuickFIX/J acceptor whose sessions each talk to the fabric as a Hedge client of their own,
 * with a stable client id from the configuration. Start order: the ClOrdID store is read; every session connects to
 * the gateways; requests whose outcome the store does not know (the front door stopped while they were on the way)
 * are asked after, or resubmitted if the gateway never saw or never ran them; then the acceptor opens and the agent
 * thread runs.
 * QuickFIX/J keeps the FIX sequence numbers and sent messages in its FileStore (the settings' FileStorePath), the
 * front door keeps the ClOrdIDs: together they make a restart lose no order and run none twice.
 */
public final class FixFrontDoor implements AutoCloseable
{
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final Map<SessionID, HedgeLink> links = new LinkedHashMap<>();
    private final Map<SessionID, MakerFillReporter> makerFills = new LinkedHashMap<>();
    private final ClOrdIdStore store;
    private InboundOrders inbound;
    private HedgeAnswers answers;
    private final SocketAcceptor acceptor;
    private AgentRunner runner;
    private boolean closed;
    private long recovered;

    private FixFrontDoor(final FixConfig config)
    {
        config.checkFiles();
        final SessionSettings settings = settings(config);
        store = new ClOrdIdStore(config.storeDir());
        closeables.add(store);
        try
        {
            acceptor = open(config, settings);
        }
        catch (final RuntimeException ex)
        {
            close();
            throw ex;
        }
    }

    private SocketAcceptor open(final FixConfig config, final SessionSettings settings)
    {
        final ExecutionReports reports = new ExecutionReports(config);
        final FixSender sender = FixSender.quickFix();
        answers = new HedgeAnswers(store, reports, sender);
        for (final Iterator<SessionID> it = settings.sectionIterator(); it.hasNext(); )
        {
            final SessionID sessionId = it.next();
            final long clientId = config.clientId(sessionId.getTargetCompID());
            if (0 == clientId)
            {
                throw new IllegalArgumentException("FIX session " + sessionId + " has no client id: add a line " +
                    FixConfig.SESSION_PREFIX + sessionId.getTargetCompID() + "=CLIENT_ID");
            }
            links.put(sessionId, new HedgeLink(clientId, sessionId, store, answers));
            makerFills.put(sessionId, new MakerFillReporter(clientId, sessionId, store, reports, sender));
        }
        if (links.isEmpty())
        {
            throw new IllegalArgumentException("setting '" + FixConfig.SETTINGS + "': " + config.settingsFile() +
                " defines no FIX session");
        }
        inbound = new InboundOrders(config, store, reports, sender, links);
        connect(config);
        recover();
        try
        {
            // the FIX sessions exist before the agent runs: a recovered request may be answered at once
            final SocketAcceptor acceptor = new SocketAcceptor(new FixApplication(inbound),
                new FileStoreFactory(settings), settings, new SLF4JLogFactory(settings), new DefaultMessageFactory());
            acceptor.start();
            runner = new AgentRunner(new BackoffIdleStrategy(10, 20, TimeUnit.MICROSECONDS.toNanos(1),
                TimeUnit.MILLISECONDS.toNanos(1)), Throwable::printStackTrace, null,
                new FrontDoorAgent(links.values(), store));
            AgentRunner.startOnThread(runner);
            return acceptor;
        }
        catch (final ConfigError ex)
        {
            throw new IllegalArgumentException("setting '" + FixConfig.SETTINGS + "': " + config.settingsFile() + ": " +
                ex.getMessage());
        }
    }

    /**
     * Start the front door: connect every session's client to the fabric, recover, open the FIX acceptor.
     *
     * @param config the front door's configuration.
     * @return the running front door.
     * @throws IllegalArgumentException for a configuration that is wrong, naming the key.
     */
    public static FixFrontDoor start(final FixConfig config)
    {
        return new FixFrontDoor(config);
    }

    private static SessionSettings settings(final FixConfig config)
    {
        try
        {
            return new SessionSettings(config.settingsFile().toString());
        }
        catch (final ConfigError ex)
        {
            throw new IllegalArgumentException("setting '" + FixConfig.SETTINGS + "': " + config.settingsFile() +
                " is not a QuickFIX/J settings file: " + ex.getMessage());
        }
    }

    private void connect(final FixConfig config)
    {
        try
        {
            String aeronDir = config.aeronDir();
            if (aeronDir.isEmpty())
            {
                final EmbeddedDriver driver = EmbeddedDriver.launch(config.storeDir().resolve("aeron"), ThreadingMode.SHARED);
                closeables.add(driver);
                aeronDir = driver.aeronDirectoryName();
            }
            final Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(aeronDir));
            closeables.add(aeron);
            for (final Map.Entry<SessionID, HedgeLink> entry : links.entrySet())
            {
                final HedgeLink link = entry.getValue();
                final HedgeClientContext ctx = new HedgeClientContext()
                    .aeron(aeron)
                    .clientId(link.clientId)
                    .gatewayIngressChannels(config.ingressChannels())
                    .responseChannel(config.responseChannel())
                    .requestTimeoutNs(config.requestTimeoutNs())
                    .connectTimeoutNs(config.connectTimeoutNs())
                    .principal(config.principal())
                    .secretFile(config.secretFile());
                // the maker side: fills of this session's resting orders come as session messages (MakerFill)
                ctx.sessionMessageListener(makerFills.get(entry.getKey()));
                link.connected(HedgeSession.connect(ctx, link));
            }
        }
        finally
        {
            // sessions connected so far close with the front door, also when a later one fails to connect
            links.values().forEach(l -> closeables.add(l::close));
        }
    }

    /**
     * Requests recorded but not answered when the front door last stopped: those the gateway saw are asked after (its
     * duplicate table answers with the original response, or says the request never ran and now never will); those
     * it never saw are sent again now, before any new order can take their correlation ids.
     */
    private void recover()
    {
        for (final HedgeLink link : links.values())
        {
            for (final FixOrder order : store.unanswered(link.clientId))
            {
                order.recovered = true;
                if (order.correlationId >= link.firstUnseenId())
                {
                    answers.onNotExecuted(link, order.correlationId);
                }
                else
                {
                    link.askOutcome(order.correlationId);
                }
                recovered++;
            }
        }
    }

    /**
     * @return requests found unanswered at start and asked after.
     */
    public long recovered()
    {
        return recovered;
    }

    /**
     * @return answers from the gateways reported in FIX.
     */
    public long answers()
    {
        return answers.answers();
    }

    /**
     * @return requests resubmitted because the gateway said they never ran.
     */
    public long resubmitted()
    {
        return answers.resubmitted();
    }

    /**
     * @return FIX orders, cancels and status requests refused before they reached Hedge.
     */
    public long refused()
    {
        return inbound.refused();
    }

    /**
     * @return the FIX sessions, each with the client id it uses.
     */
    public Map<SessionID, Long> sessions()
    {
        final Map<SessionID, Long> sessions = new LinkedHashMap<>();
        links.forEach((id, link) -> sessions.put(id, link.clientId));
        return sessions;
    }

    MakerFillReporter makerFills(final SessionID sessionId)
    {
        return makerFills.get(sessionId);
    }

    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        // the agent first: what FIX brings in meanwhile is recorded, and offered by the next start's recovery
        CloseHelper.quietClose(runner);
        if (null != acceptor)
        {
            acceptor.stop(true);
        }
        closeAll();
    }

    private void closeAll()
    {
        for (int i = closeables.size() - 1; i >= 0; i--)
        {
            CloseHelper.quietClose(closeables.get(i));
        }
        closeables.clear();
    }
}
