package io.hedge.client;

import io.hedge.codecs.fabric.QueryStatus;

/**
 * The answer to a read-only query ({@link HedgeClient#query(byte[], long)}), given by one replica and never sequenced.
 *
 * @param queryId    the id the session gave the query.
 * @param status     {@link QueryStatus#OK} when a replica answered from a state that includes the query's minimum
 *                   seq; {@link QueryStatus#NOT_YET} when none had applied it within the gateway's query timeout;
 *                   otherwise why there is no answer (see {@link QueryStatus}).
 * @param replicaId  the replica that answered, 0 if none did.
 * @param appliedSeq the answering replica's applied seq: the answer reflects every seq up to it and none after. With
 *                   NOT_YET, the highest seq any live replica was known to have applied.
 * @param payload    the state machine's answer bytes; empty unless OK.
 */
public record QueryAnswer(long queryId, QueryStatus status, int replicaId, long appliedSeq, byte[] payload)
{
    /**
     * @return true if a replica answered and the payload is the state machine's answer.
     */
    public boolean ok()
    {
        return status == QueryStatus.OK;
    }
}
