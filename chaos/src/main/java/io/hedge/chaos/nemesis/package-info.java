/**
 * The nemesis of {@code hedge chaos}: faults, a seeded schedule of them, and the runner that plays it.
 *
 * <p>For the orchestrator:
 * <pre>{@code
 * // when making each role's directory (root): a small tmpfs for gateways and replicas, so DISK_FULL can fill it
 * TmpfsMount mount = TmpfsMount.mount(roleDir, 64L << 20);          // close() when the run is torn down
 * // when starting each role's JVM: the loss and slow hooks (replicas; empty list for other kinds)
 * jvmArgs.addAll(FaultHooks.jvmArgs(role.kind(), roleDir, seed));
 *
 * NemesisSchedule schedule = oneOfEach
 *     ? NemesisSchedule.oneOfEach(seed, durationMs, roles, FaultKind.parse(kinds))
 *     : NemesisSchedule.mixed(seed, durationMs, roles, FaultKind.parse(kinds));   // kinds: "all" or "kill,loss"
 * long runStartNs = System.nanoTime();
 * try (Nemesis nemesis = Nemesis.start(schedule, fabric, reportDir.resolve("nemesis.log"), runStartNs))
 * {
 *     ... run the workload; nemesis.awaitFinished(...) ...
 * }   // close() ends every fault still active
 * String fault = nemesis.log().describeActiveAt(historyNanoTime);  // for a checker's counter-example
 * }</pre>
 */
package io.hedge.chaos.nemesis;
