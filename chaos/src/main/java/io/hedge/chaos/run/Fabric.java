package io.hedge.chaos.run;

import java.nio.file.Path;
import java.util.List;

/**
 * The running fabric of a chaos run, as the nemesis acts on it: its processes, their signals and its network.
 * Implemented by the run's orchestrator; faults are written against this only, so that they can be unit-tested on a
 * fake.
 */
public interface Fabric
{
    /**
     * @return every role of the run.
     */
    List<RoleId> roles();

    /**
     * SIGKILL the role's process. It stays down until {@link #restart(RoleId)}.
     */
    void kill(RoleId role);

    /**
     * Start the role's process again, with the same settings, address and directories.
     */
    void restart(RoleId role);

    /**
     * @return true while the role's process runs (a paused one runs too).
     */
    boolean isAlive(RoleId role);

    /**
     * SIGSTOP the role's process (a long GC, a hung host).
     */
    void pause(RoleId role);

    /**
     * SIGCONT the role's process.
     */
    void resume(RoleId role);

    /**
     * @return the role's own directory (journal, snapshots, log).
     */
    Path roleDirectory(RoleId role);

    /**
     * @return the network the roles talk over.
     */
    Network network();

    /**
     * @return the role that is the active gateway now, as far as the run can tell, or null if none is.
     */
    RoleId activeGateway();

    /**
     * Start the forger of a forge window, in a namespace of its own; it sends for {@code lengthMs} and ends by itself.
     *
     * @throws UnsupportedOperationException if this fabric has no forger (a run without {@code --secure}).
     */
    default void startForger(final int window, final long lengthMs)
    {
        throw new UnsupportedOperationException("this fabric has no forger");
    }

    /**
     * The forge window's time is up. The forger finishes its own window (it started a moment after the window did);
     * the run collects it at the end.
     */
    default void stopForger(final int window)
    {
    }
}
