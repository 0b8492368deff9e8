package io.hedge.ops;

import io.hedge.codecs.ops.RoleKind;

import java.nio.file.Path;

/**
 * What a role tells its reporter once an interval, read on the role's own agent thread (so plain reads of its state
 * are safe): the RoleReport's fixed fields, and its counters, copied from the role's own fields into
 * {@link RoleCounters}.
 */
public interface ReportedRole
{
    RoleKind roleKind();

    /** @return gateway id, replica id, or 0 for the sink. */
    int roleId();

    /** @return the directory of its journal: the free disk reported is that of its file system. */
    Path journalDir();

    long epoch();

    /** @return gateway: GatewayRole value; replica: ReplicaState value; sink: 0. */
    int stateCode();

    /** @return gateway: last seq sequenced or journaled; replica: applied seq. */
    long seq();

    /** @return gateway: committed seq; replica: journaled seq. */
    long commitSeq();

    /** @return replica: its rolling state hash; 0 otherwise. */
    long stateHash();

    /** @return gateway: suspended by an operator. */
    boolean suspended();

    /**
     * Copy every counter's current value into the published counters. Called once an interval on the agent thread.
     */
    void publishCounters(RoleCounters counters);
}
