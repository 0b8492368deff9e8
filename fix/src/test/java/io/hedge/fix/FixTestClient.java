package io.hedge.fix;

import quickfix.Application;
import quickfix.DefaultMessageFactory;
import quickfix.FieldNotFound;
import quickfix.FileStoreFactory;
import quickfix.Message;
import quickfix.ScreenLogFactory;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.SessionSettings;
import quickfix.SocketInitiator;
import quickfix.field.Account;
import quickfix.field.ClOrdID;
import quickfix.field.ExecType;
import quickfix.field.MsgType;
import quickfix.field.OrdType;
import quickfix.field.OrderQty;
import quickfix.field.OrigClOrdID;
import quickfix.field.PossResend;
import quickfix.field.Price;
import quickfix.field.Side;
import quickfix.field.Symbol;
import quickfix.field.TransactTime;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The counterparties, as QuickFIX/J's own initiator: one session per CompID to the front door, its sequence numbers in
 * a FileStore under the test's directory; every application message received is kept for the test to wait on.
 */
final class FixTestClient implements Application, AutoCloseable
{
    static final String FRONT_DOOR = "HEDGE";
    /** -Dhedge.fix.test.log=true prints what the counterparties send and receive. */
    private static final boolean LOG = Boolean.getBoolean("hedge.fix.test.log");

    private final SocketInitiator initiator;
    private final Map<String, List<Message>> received = new ConcurrentHashMap<>();
    private final Map<String, SessionID> sessions = new ConcurrentHashMap<>();
    private final Map<String, List<Message>> sent = new ConcurrentHashMap<>();

    FixTestClient(final Path dir, final int port, final String... compIds) throws Exception
    {
        final StringBuilder cfg = new StringBuilder()
            .append("[DEFAULT]\n")
            .append("ConnectionType=initiator\n")
            .append("BeginString=FIX.4.4\n")
            .append("TargetCompID=").append(FRONT_DOOR).append('\n')
            .append("SocketConnectHost=127.0.0.1\n")
            .append("SocketConnectPort=").append(port).append('\n')
            .append("FileStorePath=").append(dir.resolve("initiator-store")).append('\n')
            .append("NonStopSession=Y\n")
            .append("HeartBtInt=5\n")
            .append("ReconnectInterval=1\n")
            .append("UseDataDictionary=Y\n")
            .append("DataDictionary=FIX44.xml\n");
        for (final String compId : compIds)
        {
            cfg.append("[SESSION]\nSenderCompID=").append(compId).append('\n');
            received.put(compId, new CopyOnWriteArrayList<>());
        }
        final SessionSettings settings = new SessionSettings(
            new ByteArrayInputStream(cfg.toString().getBytes(StandardCharsets.US_ASCII)));
        initiator = new SocketInitiator(this, new FileStoreFactory(settings), settings, new ScreenLogFactory(LOG, LOG, LOG), new DefaultMessageFactory());
        initiator.start();
    }

    static String acceptorSettings(final Path dir, final int port, final String... compIds)
    {
        final StringBuilder cfg = new StringBuilder()
            .append("[DEFAULT]\n")
            .append("ConnectionType=acceptor\n")
            .append("BeginString=FIX.4.4\n")
            .append("SenderCompID=").append(FRONT_DOOR).append('\n')
            .append("SocketAcceptAddress=127.0.0.1\n")
            .append("SocketAcceptPort=").append(port).append('\n')
            .append("FileStorePath=").append(dir.resolve("acceptor-store")).append('\n')
            .append("NonStopSession=Y\n")
            .append("HeartBtInt=5\n")
            .append("UseDataDictionary=Y\n")
            .append("DataDictionary=FIX44.xml\n");
        for (final String compId : compIds)
        {
            cfg.append("[SESSION]\nTargetCompID=").append(compId).append('\n');
        }
        return cfg.toString();
    }

    void awaitLoggedOn(final String compId)
    {
        FixFabric.awaitTrue(compId + " is logged on", 30, () ->
        {
            final SessionID id = sessions.get(compId);
            return null != id && null != Session.lookupSession(id) && Session.lookupSession(id).isLoggedOn();
        });
    }

    Session session(final String compId)
    {
        return Session.lookupSession(sessions.get(compId));
    }

    void send(final String compId, final Message message)
    {
        try
        {
            Session.sendToTarget(message, sessions.get(compId));
        }
        catch (final quickfix.SessionNotFound ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    static Message newOrder(
        final String clOrdId, final String account, final String symbol, final char side, final String price,
        final long quantity)
    {
        final Message m = new quickfix.fix44.NewOrderSingle();
        m.setString(ClOrdID.FIELD, clOrdId);
        m.setString(Account.FIELD, account);
        m.setString(Symbol.FIELD, symbol);
        m.setChar(Side.FIELD, side);
        m.setChar(OrdType.FIELD, OrdType.LIMIT);
        m.setDecimal(Price.FIELD, new BigDecimal(price));
        m.setDecimal(OrderQty.FIELD, BigDecimal.valueOf(quantity));
        m.setUtcTimeStamp(TransactTime.FIELD, LocalDateTime.now(ZoneOffset.UTC), true);
        return m;
    }

    static Message cancel(final String clOrdId, final String origClOrdId, final String symbol, final char side)
    {
        final Message m = new quickfix.fix44.OrderCancelRequest();
        m.setString(ClOrdID.FIELD, clOrdId);
        m.setString(OrigClOrdID.FIELD, origClOrdId);
        m.setString(Symbol.FIELD, symbol);
        m.setChar(Side.FIELD, side);
        m.setUtcTimeStamp(TransactTime.FIELD, LocalDateTime.now(ZoneOffset.UTC), true);
        return m;
    }

    static Message statusRequest(final String clOrdId, final String symbol, final char side)
    {
        final Message m = new quickfix.fix44.OrderStatusRequest();
        m.setString(ClOrdID.FIELD, clOrdId);
        m.setString(Symbol.FIELD, symbol);
        m.setChar(Side.FIELD, side);
        return m;
    }

    /**
     * @return the message marked as an application's resend (PossResend=Y): QuickFIX/J gives it a new sequence number.
     * PossDupFlag=Y is QuickFIX/J's own, on a session-level retransmission, and it takes it off what the application
     * sends.
     */
    static Message possResend(final Message message)
    {
        message.getHeader().setBoolean(PossResend.FIELD, true);
        return message;
    }

    /**
     * Wait for a message that matches, received since the start.
     */
    Message await(final String compId, final String what, final Predicate<Message> match)
    {
        final Message[] found = new Message[1];
        FixFabric.awaitTrue(compId + " received " + what, 30, () ->
        {
            for (final Message m : received.get(compId))
            {
                if (match.test(m))
                {
                    found[0] = m;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    List<Message> received(final String compId, final Predicate<Message> match)
    {
        final List<Message> list = new ArrayList<>();
        for (final Message m : received.get(compId))
        {
            if (match.test(m))
            {
                list.add(m);
            }
        }
        return list;
    }

    static Predicate<Message> report(final String clOrdId, final char execType)
    {
        return m -> is(m, MsgType.EXECUTION_REPORT) && clOrdId.equals(get(m, ClOrdID.FIELD)) &&
            String.valueOf(execType).equals(get(m, ExecType.FIELD));
    }

    static boolean is(final Message m, final String msgType)
    {
        try
        {
            return msgType.equals(m.getHeader().getString(MsgType.FIELD));
        }
        catch (final FieldNotFound ex)
        {
            return false;
        }
    }

    static String get(final Message m, final int tag)
    {
        try
        {
            return m.getString(tag);
        }
        catch (final FieldNotFound ex)
        {
            return null;
        }
    }

    static boolean headerFlag(final Message m, final int tag)
    {
        try
        {
            return m.getHeader().isSetField(tag) && m.getHeader().getBoolean(tag);
        }
        catch (final FieldNotFound ex)
        {
            return false;
        }
    }

    @Override
    public void onCreate(final SessionID sessionId)
    {
        sessions.put(sessionId.getSenderCompID(), sessionId);
    }

    @Override
    public void onLogon(final SessionID sessionId)
    {
    }

    @Override
    public void onLogout(final SessionID sessionId)
    {
    }

    @Override
    public void toAdmin(final Message message, final SessionID sessionId)
    {
    }

    @Override
    public void fromAdmin(final Message message, final SessionID sessionId)
    {
    }

    @Override
    public void toApp(final Message message, final SessionID sessionId)
    {
        sent.computeIfAbsent(sessionId.getSenderCompID(), k -> new CopyOnWriteArrayList<>()).add(message);
    }

    /**
     * @return the sequence number a message with this ClOrdID was first sent with, or 0.
     */
    int sentSeqNum(final String compId, final String clOrdId) throws FieldNotFound
    {
        for (final Message m : sent.getOrDefault(compId, List.of()))
        {
            if (clOrdId.equals(get(m, ClOrdID.FIELD)))
            {
                return m.getHeader().getInt(quickfix.field.MsgSeqNum.FIELD);
            }
        }
        return 0;
    }

    @Override
    public void fromApp(final Message message, final SessionID sessionId)
    {
        received.get(sessionId.getSenderCompID()).add(message);
    }

    @Override
    public void close()
    {
        initiator.stop(true);
    }

    static void sleep(final long ms)
    {
        try
        {
            TimeUnit.MILLISECONDS.sleep(ms);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
