package io.hedge.replicas.trading;

/**
 * Which principal owns which account of the sample trading engine ({@code trading.account.owners}): an order, a
 * cancel, or a transfer out of an account is accepted only from its owner. Configuration, not state: snapshots do not
 * carry it, and every replica must be given an equal table, which is why its {@link #hash()} is folded into the
 * engine's full-state hash. Immutable; one flat array indexed by account id, so the check allocates nothing.
 */
public final class AccountOwners
{
    /** No table: any principal, anonymous included, may use any account. */
    public static final AccountOwners ANY = new AccountOwners(null);

    /** Indexed by account id; slot 0 unused; 0 where no principal owns the account. Null for {@link #ANY}. */
    private final int[] ownerOf;
    private final long hash;

    /**
     * @param ownerOf the owner's principal id per account id (slot 0 unused, 0: nobody); kept, not copied.
     */
    AccountOwners(final int[] ownerOf)
    {
        this.ownerOf = ownerOf;
        this.hash = null == ownerOf ? 0 : hashOf(ownerOf);
    }

    /**
     * @return whether this principal may trade on, cancel on, or transfer out of this valid account id.
     */
    boolean mayUse(final int principalId, final long accountId)
    {
        return null == ownerOf || (principalId != 0 && ownerOf[(int)accountId] == principalId);
    }

    /**
     * @return true for {@link #ANY}.
     */
    public boolean isUnrestricted()
    {
        return null == ownerOf;
    }

    /**
     * @return how many accounts the table covers (ids 1..this), 0 for {@link #ANY}.
     */
    public int accounts()
    {
        return null == ownerOf ? 0 : ownerOf.length - 1;
    }

    /**
     * @return the principal that owns the account, 0 for none; any principal for {@link #ANY}, which returns 0.
     */
    public int ownerOf(final long accountId)
    {
        return null == ownerOf || accountId < 1 || accountId >= ownerOf.length ? 0 : ownerOf[(int)accountId];
    }

    /**
     * @return a hash of the whole table, equal for equal tables; 0 for {@link #ANY}.
     */
    public long hash()
    {
        return hash;
    }

    private static long hashOf(final int[] ownerOf)
    {
        long h = TradingStateHash.fold(0, ownerOf.length);
        for (int account = 1; account < ownerOf.length; account++)
        {
            h = TradingStateHash.fold(h, ownerOf[account]);
        }
        return h;
    }
}
