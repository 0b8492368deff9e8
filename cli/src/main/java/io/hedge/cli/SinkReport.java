package io.hedge.cli;

import io.hedge.chaos.EffectSink;
import io.hedge.codecs.ops.RoleKind;
import io.hedge.ops.CounterType;
import io.hedge.ops.ReportedRole;
import io.hedge.ops.RoleCounters;

import java.nio.file.Path;

/**
 * What the effects sink reports once an interval (docs/OPERATIONS.md): the epoch and seq of the last effect it took,
 * and its counters; read on its agent thread, the reporter running beside it.
 */
final class SinkReport implements ReportedRole
{
    private final EffectSink sink;

    SinkReport(final EffectSink sink)
    {
        this.sink = sink;
    }

    @Override
    public RoleKind roleKind()
    {
        return RoleKind.SINK;
    }

    @Override
    public int roleId()
    {
        return 0;
    }

    /**
     * @return null: the sink keeps no journal (free disk reported as unknown).
     */
    @Override
    public Path journalDir()
    {
        return null;
    }

    @Override
    public long epoch()
    {
        return sink.epoch();
    }

    @Override
    public int stateCode()
    {
        return 0;
    }

    @Override
    public long seq()
    {
        return sink.lastSeq();
    }

    @Override
    public long commitSeq()
    {
        return sink.lastSeq();
    }

    @Override
    public long stateHash()
    {
        return 0;
    }

    @Override
    public boolean suspended()
    {
        return false;
    }

    @Override
    public void publishCounters(final RoleCounters counters)
    {
        counters.set(CounterType.EFFECTS_RECEIVED, 0, sink.accepted());
        counters.set(CounterType.EFFECTS_DROPPED_STALE, 0, sink.staleEffects());
    }
}
