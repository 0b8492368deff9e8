package io.hedge.chaos.nemesis;

import io.hedge.chaos.run.Fabric;

/**
 * One fault of the nemesis: it starts at one moment of a run and ends at a later one. Starting and ending must each be
 * quick (they run on the nemesis's schedule) and ending must undo everything starting did.
 */
public interface Fault
{
    /**
     * @return what the fault is, for the nemesis log and the checkers' counter-examples: "partition {gateway-1,
     * replica-A} | {gateway-2, gateway-3, replica-B, replica-C}", "kill replica-B".
     */
    String describe();

    void start(Fabric fabric);

    void end(Fabric fabric);
}
