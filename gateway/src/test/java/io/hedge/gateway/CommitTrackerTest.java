package io.hedge.gateway;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The commit seq (rule 1): the largest seq a majority of the configured replicas have journaled in agreement with
 * this term's log. Invariant: every seq at or below it survives any later election, because every later majority
 * includes a replica that holds it.
 */
class CommitTrackerTest
{
    private static final long EPOCH = 5;

    @Test
    @DisplayName("the commit seq is the majority-th highest journaled seq of three replicas")
    void majorityOfThree()
    {
        final CommitTracker tracker = new CommitTracker(3, EPOCH);
        assertEquals(0, tracker.onResponse(1, 10));
        assertEquals(0, tracker.commitSeq(), "one replica is no majority");
        assertEquals(7, tracker.onResponse(2, 7));
        assertEquals(9, tracker.onResponse(3, 9), "10, 9, 7: two hold 9");
        assertEquals(9, tracker.onResponse(2, 8), "a lower seq of a replica changes nothing");
        assertEquals(10, tracker.onResponse(2, 12));
    }

    @Test
    @DisplayName("five replicas need three")
    void majorityOfFive()
    {
        final CommitTracker tracker = new CommitTracker(5, EPOCH);
        tracker.onResponse(1, 50);
        tracker.onResponse(2, 40);
        assertEquals(0, tracker.commitSeq());
        tracker.onResponse(3, 30);
        assertEquals(30, tracker.commitSeq());
        tracker.onResponse(4, 45);
        assertEquals(40, tracker.commitSeq(), "50, 45, 40, 30");
    }

    @Test
    @DisplayName("a status is evidence only of this epoch and matched in it")
    void statusesOfAnotherEpochOrUnmatchedAreNotCounted()
    {
        final CommitTracker tracker = new CommitTracker(3, EPOCH);
        tracker.onStatus(1, EPOCH, 0, 20);
        tracker.onStatus(2, EPOCH, EPOCH - 1, 20);
        tracker.onStatus(3, EPOCH + 1, EPOCH + 1, 20);
        tracker.onStatus(1, EPOCH - 1, EPOCH, 20);
        assertEquals(0, tracker.commitSeq(), "unmatched, matched in an older epoch, a newer epoch, a stale status");
        assertEquals(0, tracker.journaled(1));
        tracker.onStatus(1, EPOCH, EPOCH, 20);
        tracker.onStatus(3, EPOCH, EPOCH, 15);
        assertEquals(15, tracker.commitSeq());
    }

    @Test
    @DisplayName("unconfigured ids are no evidence; a forgotten replica no longer helps, what was committed stays")
    void unconfiguredAndForgotten()
    {
        final CommitTracker tracker = new CommitTracker(3, EPOCH);
        tracker.onResponse(0, 10);
        tracker.onResponse(4, 10);
        tracker.onResponse(1, 10);
        assertEquals(0, tracker.commitSeq());
        tracker.onResponse(2, 10);
        assertEquals(10, tracker.commitSeq());
        tracker.forget(2);
        assertEquals(0, tracker.journaled(2));
        assertEquals(10, tracker.commitSeq(), "never goes back");
        tracker.onResponse(1, 20);
        assertEquals(10, tracker.commitSeq(), "replica 1 alone");
        tracker.onResponse(3, 20);
        assertEquals(20, tracker.commitSeq());
        assertThrows(IllegalArgumentException.class, () -> new CommitTracker(0, EPOCH));
    }

    @Test
    void oneReplicaIsItsOwnMajority()
    {
        final CommitTracker tracker = new CommitTracker(1, EPOCH);
        assertEquals(3, tracker.onResponse(1, 3));
    }
}
