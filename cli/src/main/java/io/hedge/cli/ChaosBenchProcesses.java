package io.hedge.cli;

import io.hedge.chaos.Pauser;
import io.hedge.chaos.RoleProcess;
import io.hedge.perf.compare.BenchProcesses;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The benchmarks' processes ({@link BenchProcesses}, in perf) bound to chaos's process harness: {@link RoleProcess}
 * and {@link Pauser}. Only the command line sees both modules.
 */
final class ChaosBenchProcesses implements BenchProcesses
{
    @Override
    public Child start(final String name, final String mainClass, final List<String> args, final Path log)
    {
        return new RoleChild(RoleProcess.start(name, mainClass, args, log));
    }

    @Override
    public Child start(
        final String name,
        final String mainClass,
        final List<String> args,
        final Path log,
        final String classPath,
        final List<String> jvmArgs,
        final Path workingDir)
    {
        return new RoleChild(RoleProcess.start(name, mainClass, args, log, classPath, jvmArgs, workingDir));
    }

    private record RoleChild(RoleProcess process) implements Child
    {
        @Override
        public long pid()
        {
            return process.pid();
        }

        @Override
        public void awaitOutput(final String text, final long timeout, final TimeUnit unit) throws TimeoutException
        {
            process.awaitOutput(text, timeout, unit);
        }

        @Override
        public boolean isAlive()
        {
            return process.isAlive();
        }

        @Override
        public void kill()
        {
            process.kill();
        }

        @Override
        public void resume()
        {
            process.resume();
        }

        @Override
        public Sickness sicken(final long pauseMs, final long periodMs)
        {
            final Pauser pauser = Pauser.start(process, pauseMs, periodMs);
            return new Sickness()
            {
                @Override
                public String summary()
                {
                    return pauser.summary();
                }

                @Override
                public void close()
                {
                    pauser.close();
                }
            };
        }

        @Override
        public void close()
        {
            process.close();
        }
    }
}
