package io.hedge.gateway;

/**
 * When the collector answers a client: on the first response ({@code first}, the default), or once
 * {@code quorum:K} replicas have sent the same state hash for the seq.
 */
public final class Durability
{
    private final int requiredMatches;

    private Durability(final int requiredMatches)
    {
        this.requiredMatches = requiredMatches;
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
     * @param text {@code first} or {@code quorum:K}.
     * @return the durability it names.
     */
    public static Durability parse(final String text)
    {
        final String value = text.trim();
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
        throw new IllegalArgumentException("durability must be 'first' or 'quorum:K', got '" + text + "'");
    }

    /**
     * @return how many matching responses answer a request.
     */
    public int requiredMatches()
    {
        return requiredMatches;
    }

    @Override
    public String toString()
    {
        return requiredMatches == 1 ? "first" : "quorum:" + requiredMatches;
    }
}
