package io.hedge.replicas;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * How a replica gets its state machine: a name for logs, a way to build a fresh instance (at start, and again
 * whenever the replica rebuilds its state from a snapshot or a journal) and the bound on its responses. Every
 * instance it builds has the same configuration, so a snapshot written by one loads into another.
 *
 * <p>{@link StateMachineLoader} makes one from a class name, a jar or directory and properties, which is how {@code
 * hedge replica} runs a state machine of the user's; {@link #of} wraps a constructor the caller already has (the
 * sample trading engine, tests). Give it to a replica with {@link ReplicaContext#stateMachineFactory}.
 */
public final class StateMachineFactory
{
    private final String name;
    private final String source;
    private final Supplier<StateMachine> constructor;
    private final int maxResponseLength;
    private final AtomicReference<StateMachine> unused;

    private StateMachineFactory(
        final String name,
        final String source,
        final Supplier<StateMachine> constructor,
        final int maxResponseLength,
        final StateMachine first)
    {
        this.name = Objects.requireNonNull(name, "name");
        this.source = Objects.requireNonNull(source, "source");
        this.constructor = Objects.requireNonNull(constructor, "constructor");
        this.maxResponseLength = maxResponseLength;
        this.unused = new AtomicReference<>(first);
    }

    /**
     * @param name              for logs: the state machine's class name, say.
     * @param constructor       builds a fresh instance each time it is called.
     * @param maxResponseLength the most bytes one response can take.
     * @return a factory over the constructor.
     */
    public static StateMachineFactory of(
        final String name, final Supplier<StateMachine> constructor, final int maxResponseLength)
    {
        return new StateMachineFactory(name, "the class path", constructor, maxResponseLength, null);
    }

    /**
     * A factory whose first instance already exists: one built to check that the class can be constructed is handed
     * out first rather than thrown away, as a state machine may take much memory.
     */
    static StateMachineFactory withFirst(
        final String name, final String source, final Supplier<StateMachine> constructor, final StateMachine first)
    {
        return new StateMachineFactory(name, source, constructor, first.maxResponseLength(), first);
    }

    /**
     * @return a state machine nothing has been applied to.
     */
    public StateMachine newStateMachine()
    {
        final StateMachine first = unused.getAndSet(null);
        return null != first ? first : constructor.get();
    }

    /**
     * @return the state machine's name: its class name for a loaded one.
     */
    public String name()
    {
        return name;
    }

    /**
     * @return where its class came from: a jar or directory, or "the class path".
     */
    public String source()
    {
        return source;
    }

    /**
     * @return the most bytes one response can take.
     */
    public int maxResponseLength()
    {
        return maxResponseLength;
    }

    @Override
    public String toString()
    {
        return name + " from " + source;
    }
}
