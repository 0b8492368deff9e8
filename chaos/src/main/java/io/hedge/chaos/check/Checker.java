package io.hedge.chaos.check;

/**
 * One invariant of a chaos run, checked after the fabric has healed and gone quiet.
 */
@FunctionalInterface
public interface Checker
{
    CheckResult check(RunRecord run);
}
