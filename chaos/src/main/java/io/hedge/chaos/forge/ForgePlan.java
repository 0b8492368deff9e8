package io.hedge.chaos.forge;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * What the forger knows and is asked to do in one window, as the chaos run writes it to a properties file: what an
 * outsider on the network can learn (addresses, ports, stream ids, member ids, the chaos clients' ids and their
 * principals' names) and where each role's media driver keeps its counters (to read what it refused). Never a key or
 * a secret.
 *
 * @param window       the forge window, from 1.
 * @param lengthMs     how long the window lasts; each kind gets an equal phase of it.
 * @param rate         messages per second per kind and target.
 * @param seed         the forger's random source.
 * @param host         the forger's own address.
 * @param responsePort where the forger receives the gateways' challenges.
 * @param aeronDir     the forger's own media driver's directory.
 * @param streams      the stream ids.
 * @param gateways     every gateway.
 * @param replicas     every replica.
 * @param sink         the effects sink.
 * @param clients      the chaos clients.
 * @param results      the file the forger writes its {@link ForgePhase} lines to.
 */
public record ForgePlan(
    int window, long lengthMs, int rate, long seed, String host, int responsePort, String aeronDir, Streams streams,
    List<Gateway> gateways, List<Member> replicas, Member sink, List<Client> clients, String results)
{
    /** The stream ids of the fabric. */
    public record Streams(int ingress, int client, int sequenced, int responses, int sink)
    {
    }

    /** A gateway: where it listens, and its media driver's directory. */
    public record Gateway(String name, int id, String host, int ingressPort, int inboundPort, int sequencedPort,
        int standbyPort, String aeronDir)
    {
    }

    /** A replica or the sink: its id (0 for the sink), where it listens if it listens on a fixed port (0 if not). */
    public record Member(String name, int id, String host, int port, String aeronDir)
    {
    }

    /** A chaos client: its client id and its principal's name. */
    public record Client(long clientId, String principal)
    {
    }

    public void store(final Path file) throws IOException
    {
        final Properties p = new Properties();
        p.setProperty("window", Integer.toString(window));
        p.setProperty("length.ms", Long.toString(lengthMs));
        p.setProperty("rate", Integer.toString(rate));
        p.setProperty("seed", Long.toString(seed));
        p.setProperty("host", host);
        p.setProperty("response.port", Integer.toString(responsePort));
        p.setProperty("aeron.dir", aeronDir);
        p.setProperty("streams", streams.ingress() + "," + streams.client() + "," + streams.sequenced() + "," +
            streams.responses() + "," + streams.sink());
        for (int i = 0; i < gateways.size(); i++)
        {
            final Gateway g = gateways.get(i);
            p.setProperty("gateway." + i, String.join(",", g.name(), Integer.toString(g.id()), g.host(),
                Integer.toString(g.ingressPort()), Integer.toString(g.inboundPort()),
                Integer.toString(g.sequencedPort()), Integer.toString(g.standbyPort()), g.aeronDir()));
        }
        for (int i = 0; i < replicas.size(); i++)
        {
            p.setProperty("replica." + i, member(replicas.get(i)));
        }
        p.setProperty("sink", member(sink));
        for (int i = 0; i < clients.size(); i++)
        {
            p.setProperty("client." + i, clients.get(i).clientId() + "," + clients.get(i).principal());
        }
        p.setProperty("results", results);
        try (Writer writer = Files.newBufferedWriter(file))
        {
            p.store(writer, "hedge chaos forger, window " + window);
        }
    }

    public static ForgePlan load(final Path file) throws IOException
    {
        final Properties p = new Properties();
        try (Reader reader = Files.newBufferedReader(file))
        {
            p.load(reader);
        }
        final String[] s = required(p, "streams").split(",");
        final List<Gateway> gateways = new ArrayList<>();
        for (int i = 0; null != p.getProperty("gateway." + i); i++)
        {
            final String[] g = p.getProperty("gateway." + i).split(",", 8);
            gateways.add(new Gateway(g[0], Integer.parseInt(g[1]), g[2], Integer.parseInt(g[3]),
                Integer.parseInt(g[4]), Integer.parseInt(g[5]), Integer.parseInt(g[6]), g[7]));
        }
        final List<Member> replicas = new ArrayList<>();
        for (int i = 0; null != p.getProperty("replica." + i); i++)
        {
            replicas.add(member(p.getProperty("replica." + i)));
        }
        final List<Client> clients = new ArrayList<>();
        for (int i = 0; null != p.getProperty("client." + i); i++)
        {
            final String[] c = p.getProperty("client." + i).split(",", 2);
            clients.add(new Client(Long.parseLong(c[0]), c[1]));
        }
        return new ForgePlan(Integer.parseInt(required(p, "window")), Long.parseLong(required(p, "length.ms")),
            Integer.parseInt(required(p, "rate")), Long.parseLong(required(p, "seed")), required(p, "host"),
            Integer.parseInt(required(p, "response.port")), required(p, "aeron.dir"),
            new Streams(Integer.parseInt(s[0]), Integer.parseInt(s[1]), Integer.parseInt(s[2]),
                Integer.parseInt(s[3]), Integer.parseInt(s[4])),
            gateways, replicas, member(required(p, "sink")), clients, required(p, "results"));
    }

    private static String member(final Member m)
    {
        return String.join(",", m.name(), Integer.toString(m.id()), m.host(), Integer.toString(m.port()),
            m.aeronDir());
    }

    private static Member member(final String value)
    {
        final String[] m = value.split(",", 5);
        return new Member(m[0], Integer.parseInt(m[1]), m[2], Integer.parseInt(m[3]), m[4]);
    }

    private static String required(final Properties p, final String key)
    {
        final String value = p.getProperty(key);
        if (null == value)
        {
            throw new IllegalArgumentException("the forge plan has no '" + key + "'");
        }
        return value;
    }
}
