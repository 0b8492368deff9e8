package io.hedge.chaos.workload;

/**
 * One line of a client's history.
 *
 * @param type          what happened.
 * @param monoNs        {@link System#nanoTime()} of the client when it happened (comparable within one client process).
 * @param wallMs        wall-clock time, ms since the epoch (comparable across processes and with the nemesis log).
 * @param clientId      of the client.
 * @param correlationId of the request, 0 for START and END.
 * @param operation     what was submitted (SUBMIT only), else null.
 * @param status        the {@code ResponseStatus} name (ANSWER, OUTCOME), the reason (REJECT), else "".
 * @param seq           the seq answered (ANSWER, OUTCOME), else 0.
 * @param replicaId     the replica whose response it is (ANSWER, OUTCOME), else 0.
 * @param reply         the engine's answer: its message name, and for a Reject its reason ("TransferAck",
 *                      "Reject:INSUFFICIENT_FUNDS"), else "".
 */
public record HistoryEvent(
    Type type,
    long monoNs,
    long wallMs,
    long clientId,
    long correlationId,
    Operation operation,
    String status,
    long seq,
    int replicaId,
    String reply)
{
    /** The kinds of line. */
    public enum Type
    {
        /** The client process started a session (a line per start: a restarted client appends a new one). */
        START,
        /** A request was offered and took this correlation id. */
        SUBMIT,
        /** Its answer (status OK or DUPLICATE_NOT_CACHED): a completion. */
        ANSWER,
        /** The gateway refused it (any other status): a completion. */
        REJECT,
        /** Its deadline passed without an answer: OUTCOME_UNKNOWN, not yet a completion. */
        UNKNOWN,
        /** The answer to queryOutcome after UNKNOWN: the completion. */
        OUTCOME,
        /** A queryOutcome went unanswered; it is asked again. */
        OUTCOME_TIMEOUT,
        /** The client stopped in order: every request it could resolve is resolved. */
        END
    }

    /**
     * @return true for a line that completes a submit: ANSWER, REJECT, OUTCOME.
     */
    public boolean isCompletion()
    {
        return type == Type.ANSWER || type == Type.REJECT || type == Type.OUTCOME;
    }

    /**
     * @return true if this completion says the request executed (OK or DUPLICATE_NOT_CACHED).
     */
    public boolean saysExecuted()
    {
        return (type == Type.ANSWER || type == Type.OUTCOME) && ("OK".equals(status) || "DUPLICATE_NOT_CACHED".equals(status));
    }

    /**
     * @return true if this completion says the request never executed and never will (an outcome NOT_EXECUTED).
     */
    public boolean saysNotExecuted()
    {
        return type == Type.OUTCOME && "NOT_EXECUTED".equals(status);
    }
}
