package io.hedge.ops;

import io.hedge.codecs.ops.RoleKind;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;

import java.nio.file.Path;

/**
 * Fixtures of the ops tests: counters without a media driver, and a role whose figures a test sets.
 */
final class TestRoles
{
    private TestRoles()
    {
    }

    static RoleCounters counters(final String prefix)
    {
        final CountersManager manager = new CountersManager(
            new UnsafeBuffer(new byte[256 * CountersManager.METADATA_LENGTH]),
            new UnsafeBuffer(new byte[256 * CountersManager.COUNTER_LENGTH]));
        return new RoleCounters((typeId, label) -> manager.newCounter(label, typeId), prefix);
    }

    /** A replica whose figures and counters a test sets. */
    static final class FakeReplica implements ReportedRole
    {
        long applied;
        long gaps;
        int state = 2;
        Path dir;

        @Override
        public RoleKind roleKind()
        {
            return RoleKind.REPLICA;
        }

        @Override
        public int roleId()
        {
            return 3;
        }

        @Override
        public Path journalDir()
        {
            return dir;
        }

        @Override
        public long epoch()
        {
            return 7;
        }

        @Override
        public int stateCode()
        {
            return state;
        }

        @Override
        public long seq()
        {
            return applied;
        }

        @Override
        public long commitSeq()
        {
            return applied + 1;
        }

        @Override
        public long stateHash()
        {
            return 0xABCDL;
        }

        @Override
        public boolean suspended()
        {
            return false;
        }

        @Override
        public void publishCounters(final RoleCounters counters)
        {
            counters.set(CounterType.APPLIED, 0, applied);
            counters.set(CounterType.GAPS, 0, gaps);
            counters.set(CounterType.REPLICA_STATE, 0, state);
        }
    }
}
