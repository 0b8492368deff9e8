package io.hedge.gateway;

/**
 * The work of the phase a gateway is in: exactly one exists at a time, made at the transition into its phase and
 * dropped at the transition out of it, so that no object of a phase outlives it or stands waiting for it as null.
 */
sealed interface GatewayPhase permits Follower, Candidacy, TakeoverWarmup, LeaderTerm
{
}
