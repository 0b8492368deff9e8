package io.hedge.chaos.run;

/**
 * The kinds of process a chaos run starts.
 */
public enum RoleKind
{
    GATEWAY, REPLICA, CLIENT, SINK
}
