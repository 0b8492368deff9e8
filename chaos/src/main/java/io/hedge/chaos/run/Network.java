package io.hedge.chaos.run;

/**
 * The network of a chaos run, as faults act on it. Every cut is one direction: a partition between two groups is a
 * cut each way between each pair. Cuts are by role, so that a site, a half of the fabric or a single link can be cut.
 */
public interface Network
{
    /**
     * @return the address the role's processes bind to and are reached at.
     */
    String address(RoleId role);

    /**
     * Drop every packet from {@code from} to {@code to} (one direction), until healed.
     */
    void cut(RoleId from, RoleId to);

    /**
     * Undo {@link #cut(RoleId, RoleId)}.
     */
    void heal(RoleId from, RoleId to);

    /**
     * Undo every cut.
     */
    void healAll();
}
