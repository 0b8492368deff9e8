package io.hedge.gateway;

/**
 * When the collector answers a client: once a majority of the configured replicas sent the same state hash for the
 * seq ({@code majority}, the default: the answer is then journaled on a majority, so no later leader can lose it), on
 * the first response ({@code first}: fastest, but a partition or the loss of the answering site can roll the answer
 * back), or once {@code quorum:K} replicas sent the same state hash.
 */
public final class Durability
{
    private static final int MAJORITY = 0;

    /** Replicas that must agree; {@link #MAJORITY} for a majority of however many are configured. */
    private final int matches;

    private Durability(final int matches)
    {
        this.matches = matches;
    }

    /**
     * @return answer once a majority of the configured replicas agree.
     */
    public static Durability majority()
    {
        return new Durability(MAJORITY);
    }

    /**
     * @return answer on the first response.
     */
    public static Durability first()
    {
        return new Durability(1);
    }

    /**
     * @param k replicas that must agree before answering.
     * @return answer once k replicas agree.
     */
    public static Durability quorum(final int k)
    {
        if (k < 1)
        {
            throw new IllegalArgumentException("quorum must be at least 1, got " + k);
        }
        return new Durability(k);
    }

    /**
     * @param text {@code majority}, {@code first} or {@code quorum:K}.
     * @return the durability it names.
     */
    public static Durability parse(final String text)
    {
        final String value = text.trim();
        if ("majority".equalsIgnoreCase(value))
        {
            return majority();
        }
        if ("first".equalsIgnoreCase(value))
        {
            return first();
        }
        if (value.toLowerCase().startsWith("quorum:"))
        {
            try
            {
                return quorum(Integer.parseInt(value.substring("quorum:".length()).trim()));
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException("durability 'quorum:K' needs a whole number K, got '" + text + "'");
            }
        }
        throw new IllegalArgumentException(
            "durability must be 'majority', 'first' or 'quorum:K', got '" + text + "'");
    }

    /**
     * @param replicaCount the configured replicas.
     * @return a majority of them: the replicas that must hold a seq for it to survive any later election.
     */
    public static int majorityOf(final int replicaCount)
    {
        return replicaCount / 2 + 1;
    }

    /**
     * @param replicaCount the configured replicas.
     * @return how many matching responses answer a request.
     */
    public int requiredMatches(final int replicaCount)
    {
        return matches == MAJORITY ? majorityOf(replicaCount) : matches;
    }

    /**
     * @return true for {@code majority}.
     */
    public boolean isMajority()
    {
        return matches == MAJORITY;
    }

    @Override
    public String toString()
    {
        return matches == MAJORITY ? "majority" : matches == 1 ? "first" : "quorum:" + matches;
    }
}
