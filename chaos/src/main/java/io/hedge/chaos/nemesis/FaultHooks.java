package io.hedge.chaos.nemesis;

import io.hedge.chaos.run.RoleKind;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the nemesis reaches into a running role, and the JVM arguments that switch the hooks on. The orchestrator adds
 * {@link #jvmArgs} to each role's command line; the faults then write the switch files in the role's directory
 * ({@link io.hedge.chaos.run.Fabric#roleDirectory}) at their start and delete them at their end.
 *
 * <ul>
 *     <li>Receive loss (every role may have it; the nemesis uses it on replicas): the role's media driver takes its
 *     receive endpoints from {@link SwitchedLossReceiveEndpointSupplier}, which drops inbound frames at the rate in
 *     {@link #lossFile}.</li>
 *     <li>Slow apply (replicas): {@code io.hedge.replicas.SlowApplyFaultHook} wraps the state machine and waits the
 *     microseconds in {@link #slowFile} before each apply.</li>
 * </ul>
 */
public final class FaultHooks
{
    /** System property naming the file that holds the receive loss rate (0..1). */
    public static final String LOSS_FILE_PROPERTY = "hedge.fault.receive.loss.file";
    /** System property holding the seed of the loss generator's random draws. */
    public static final String LOSS_SEED_PROPERTY = "hedge.fault.receive.loss.seed";
    /** The replicas module's switch: the file holding the delay per apply, in microseconds. */
    public static final String SLOW_FILE_PROPERTY = "hedge.fault.slow.apply.file";
    /** Aeron's own switch for the class that makes receive endpoints. */
    public static final String AERON_RECEIVE_SUPPLIER_PROPERTY = "aeron.ReceiveChannelEndpoint.supplier";

    private FaultHooks()
    {
    }

    /**
     * @return the loss switch of the role whose directory this is.
     */
    public static Path lossFile(final Path roleDirectory)
    {
        return roleDirectory.resolve("fault-receive-loss");
    }

    /**
     * @return the slow-apply switch of the role whose directory this is.
     */
    public static Path slowFile(final Path roleDirectory)
    {
        return roleDirectory.resolve("fault-slow-apply");
    }

    /**
     * @param kind          the role's kind: replicas get both hooks, the others none (the nemesis aims loss and
     *                      slowness at replicas only).
     * @param roleDirectory the role's directory, where the switch files live.
     * @param seed          the run's seed, for the loss generator.
     * @return the {@code -D} arguments to add to the role's JVM, empty for a role without hooks.
     */
    public static List<String> jvmArgs(final RoleKind kind, final Path roleDirectory, final long seed)
    {
        final List<String> args = new ArrayList<>();
        if (kind == RoleKind.REPLICA)
        {
            args.add("-D" + AERON_RECEIVE_SUPPLIER_PROPERTY + "=" + SwitchedLossReceiveEndpointSupplier.class.getName());
            args.add("-D" + LOSS_FILE_PROPERTY + "=" + lossFile(roleDirectory).toAbsolutePath());
            args.add("-D" + LOSS_SEED_PROPERTY + "=" + seed);
            args.add("-D" + SLOW_FILE_PROPERTY + "=" + slowFile(roleDirectory).toAbsolutePath());
        }
        return args;
    }
}
