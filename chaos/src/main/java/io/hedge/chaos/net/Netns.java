package io.hedge.chaos.net;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Network namespaces and the links between them, made with {@code ip}: everything made through one instance is
 * recorded, and {@link #close()} removes it all, in reverse order, also after a failure half way through building,
 * and from a JVM shutdown hook (Ctrl-C) if the owner never got to close it. Links are made inside the namespaces, so
 * that removing a namespace removes its links with it and nothing is ever left in the machine's own namespace.
 */
public final class Netns implements AutoCloseable
{
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A link made through this instance: removed by itself when its namespace is not one made here. */
    private record Link(String namespace, String name)
    {
    }

    private final List<String> namespaces = new ArrayList<>();
    private final List<Link> links = new ArrayList<>();
    private final Thread shutdownHook = new Thread(this::removeAll, "netns-cleanup");
    private boolean closed;

    /**
     * @throws IllegalStateException if this process is not root.
     */
    public Netns()
    {
        requireRoot();
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * @return whether this process runs as root (effective uid 0).
     */
    public static boolean isRoot()
    {
        try
        {
            for (final String line : Files.readAllLines(Path.of("/proc/self/status")))
            {
                if (line.startsWith("Uid:"))
                {
                    // real, effective, saved, filesystem
                    return "0".equals(line.substring(4).trim().split("\\s+")[1]);
                }
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            return false;
        }
        return false;
    }

    /**
     * @throws IllegalStateException saying that {@code hedge chaos} needs root, if this process is not root.
     */
    public static void requireRoot()
    {
        if (!isRoot())
        {
            throw new IllegalStateException(notRootMessage());
        }
    }

    /**
     * @return why a chaos run cannot go on without root, for the user.
     */
    public static String notRootMessage()
    {
        return "hedge chaos needs root: it creates a network namespace per role (ip netns add), joins them with " +
            "veth pairs and cuts links with routes; run it as root (sudo hedge chaos ...)";
    }

    /**
     * @return a fresh prefix for one run's namespaces: "hx" and six random hex digits, so that parallel runs never
     * collide and one run's leftovers can be found by name.
     */
    public static String newPrefix()
    {
        return String.format("hx%06x", RANDOM.nextInt(1 << 24));
    }

    /**
     * @return the names of every network namespace on the machine.
     */
    public static List<String> list()
    {
        return Arrays.stream(Shell.run("ip", "netns", "list").split("\n"))
            .map(String::trim)
            .filter(line -> !line.isEmpty())
            // "name (id: 3)"
            .map(line -> line.split("\\s+")[0])
            .toList();
    }

    /**
     * Remove the namespaces (and so their links) whose names start with the prefix: the leftovers of a run that was
     * killed before it could clean up. Only a run's own prefix: never another run's.
     *
     * @return the names removed.
     */
    public static List<String> removeLeftovers(final String prefix)
    {
        if (prefix.length() < 2)
        {
            throw new IllegalArgumentException("a prefix of at least two characters, not '" + prefix + "'");
        }
        requireRoot();
        final List<String> removed = new ArrayList<>();
        for (final String name : list())
        {
            if (name.startsWith(prefix))
            {
                Shell.run("ip", "netns", "delete", name);
                removed.add(name);
            }
        }
        return removed;
    }

    /**
     * Create a namespace, with its loopback up (Aeron and "localhost" need it).
     */
    public synchronized void create(final String name)
    {
        checkOpen();
        Shell.run("ip", "netns", "add", name);
        namespaces.add(name);
        ip(name, "link", "set", "lo", "up");
    }

    /**
     * Create a veth pair between two namespaces (made directly inside them), both ends down.
     */
    public synchronized void vethPair(final String namespaceA, final String nameA, final String namespaceB,
        final String nameB)
    {
        checkOpen();
        ip(namespaceA, "link", "add", nameA, "type", "veth", "peer", "name", nameB, "netns", namespaceB);
        links.add(new Link(namespaceA, nameA));
    }

    /**
     * Run {@code ip -n NAMESPACE ARGS...}.
     *
     * @return its output.
     * @throws Shell.CommandFailedException with the command and its output, if it fails.
     */
    public String ip(final String namespace, final String... args)
    {
        final List<String> command = new ArrayList<>(List.of("ip", "-n", namespace));
        command.addAll(List.of(args));
        return Shell.run(Shell.DEFAULT_TIMEOUT, command);
    }

    /**
     * Run a command inside a namespace, to completion.
     *
     * @return its output.
     */
    public String exec(final String namespace, final String... command)
    {
        final List<String> full = new ArrayList<>(execPrefix(namespace));
        full.addAll(List.of(command));
        return Shell.run(Shell.DEFAULT_TIMEOUT, full);
    }

    /**
     * @return the words that run a command inside the namespace: {@code ip netns exec NAMESPACE}. {@code ip} execs
     * the command in its own place, so the process started is the command itself (its pid, its signals).
     */
    public static List<String> execPrefix(final String namespace)
    {
        return List.of("ip", "netns", "exec", namespace);
    }

    /**
     * @return the namespaces made through this instance and not yet removed, in order of creation.
     */
    public synchronized List<String> namespaces()
    {
        return List.copyOf(namespaces);
    }

    /**
     * Remove every link and namespace made through this instance. Processes still running inside a namespace keep
     * it alive, unnamed, until they exit: stop them first.
     */
    @Override
    public void close()
    {
        removeAll();
        try
        {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        }
        catch (final IllegalStateException ex)
        {
            // the JVM is shutting down: the hook is running or ran
        }
    }

    private synchronized void removeAll()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        RuntimeException failure = null;
        for (int i = links.size() - 1; i >= 0; i--)
        {
            final Link link = links.get(i);
            try
            {
                // a link in one of our namespaces goes with it (and a veth pair with either end)
                if (namespaces.contains(link.namespace()) || !list().contains(link.namespace()))
                {
                    continue;
                }
                ip(link.namespace(), "link", "delete", link.name());
            }
            catch (final RuntimeException ex)
            {
                failure = collect(failure, ex);
            }
        }
        links.clear();
        for (int i = namespaces.size() - 1; i >= 0; i--)
        {
            try
            {
                Shell.run("ip", "netns", "delete", namespaces.get(i));
            }
            catch (final RuntimeException ex)
            {
                failure = collect(failure, ex);
            }
        }
        namespaces.clear();
        if (null != failure)
        {
            throw failure;
        }
    }

    private static RuntimeException collect(final RuntimeException first, final RuntimeException next)
    {
        if (null == first)
        {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    private void checkOpen()
    {
        if (closed)
        {
            throw new IllegalStateException("closed");
        }
    }
}
