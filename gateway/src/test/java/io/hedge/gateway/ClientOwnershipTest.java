package io.hedge.gateway;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ClientOwnershipTest
{
    @Test
    void theFirstPrincipalToConnectWithAnIdOwnsItAndNoOtherMayUseIt()
    {
        final ClientOwnership ownership = new ClientOwnership(8);
        assertEquals(ClientOwnership.OWNED, ownership.claim(101, 1));
        assertEquals(ClientOwnership.OWNED, ownership.claim(101, 1), "its owner again");
        assertEquals(ClientOwnership.TAKEN, ownership.claim(101, 2));
        assertEquals(1, ownership.ownerOf(101));
        assertEquals(-1, ownership.ownerOf(102));
        assertEquals(ClientOwnership.TAKEN, ownership.claim(101, 0), "the anonymous principal cannot take an owned id");
        assertEquals(ClientOwnership.OWNED, ownership.claim(102, 0));
        assertEquals(-1, ownership.ownerOf(102), "anonymous use is not recorded (none: no table to grow)");
        assertEquals(1, ownership.size());
        assertEquals(ClientOwnership.OWNED, ownership.claim(102, 1), "a real principal may claim it then");
    }

    @Test
    void theTableIsBoundedANewIdBeyondIsRefusedAndKnownOnesStillWork()
    {
        final ClientOwnership ownership = new ClientOwnership(2);
        ownership.claim(1, 5);
        ownership.claim(2, 5);
        assertEquals(ClientOwnership.FULL, ownership.claim(3, 5));
        assertEquals(2, ownership.size());
        assertEquals(ClientOwnership.OWNED, ownership.claim(2, 5));
        assertEquals(ClientOwnership.TAKEN, ownership.claim(1, 6));
    }

    /**
     * A gateway that takes over restores the owners its journal records: the journal (what every replica applied)
     * wins over what this gateway heard, term markers own nothing, and the bound holds.
     */
    @Test
    void restoreFromTheJournalWinsIgnoresTermMarkersAndKeepsTheBound()
    {
        final ClientOwnership ownership = new ClientOwnership(3);
        ownership.claim(101, 9); // a connect this standby heard, from a principal the journal disagrees with
        ownership.restore(101, 1);
        ownership.restore(LeaderTerm.TERM_START_CLIENT_ID, 0);
        ownership.restore(105, 0);
        assertEquals(-1, ownership.ownerOf(105), "an anonymous request owns nothing");
        ownership.restore(102, 2);
        assertEquals(1, ownership.ownerOf(101));
        assertEquals(-1, ownership.ownerOf(LeaderTerm.TERM_START_CLIENT_ID));
        assertEquals(ClientOwnership.TAKEN, ownership.claim(101, 9));
        assertEquals(ClientOwnership.TAKEN, ownership.claim(102, 1));
        ownership.restore(103, 3);
        ownership.restore(104, 4);
        assertEquals(3, ownership.size(), "beyond the bound an id is not remembered");
        assertEquals(-1, ownership.ownerOf(104));
        ownership.restore(103, 5);
        assertEquals(5, ownership.ownerOf(103), "a known id is updated also at the bound");
    }
}
