package io.hedge.chaos.run;

/**
 * The kinds of process a chaos run starts.
 */
public enum RoleKind
{
    GATEWAY, REPLICA, CLIENT, SINK,
    /** the forge nemesis's hostile process: in the topology, never a target of the other faults. */
    FORGER
}
