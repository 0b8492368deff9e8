package io.hedge.replicas;

import io.hedge.journal.SequencedJournal;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which gateways a replica serves fetches to, on a real journal and recording sinks (no media driver).
 */
class TakeoverFetchesTest
{
    private final Path dir = SequencedFixture.directory("takeover-fetches");
    private final List<String> sent = new ArrayList<>();
    private int leaderId = 1;

    @AfterEach
    void delete()
    {
        IoUtil.delete(dir.toFile(), true);
    }

    /**
     * Rule 4 (a candidate catches up before its real vote). Invariant: a candidate refused only for being behind can
     * fetch what it lacks from a replica that does not follow it yet; reading the journal changes nothing there.
     * Responses stay the leader's: they answer clients.
     */
    @Test
    void journaledSeqsGoToAnyGatewayOfTheStreamResponsesToTheLeaderOnly()
    {
        try (SequencedJournal journal = SequencedJournal.open(dir))
        {
            SequencedFixture.create().journal(journal, 1, 1, 5);
            try (TakeoverFetches fetches = new TakeoverFetches(7, id -> id >= 1 && id <= 3, id -> id == leaderId,
                gatewayId -> (buffer, offset, length) -> sent.add("record to " + gatewayId), journal, 16, 1024))
            {
                fetches.record(1, new UnsafeBuffer(new byte[8]), 8);

                fetches.onJournalFetch(2, 2, 7, 2, 4);
                drain(fetches);
                assertEquals(List.of("record to 2", "record to 2", "record to 2"), sent,
                    "gateway 2 is not the leader, but a candidate catching up");

                sent.clear();
                fetches.onResponseFetch(2, 2, 7, 1, 1);
                drain(fetches);
                assertEquals(List.of(), sent, "responses only to the leader");

                fetches.onJournalFetch(9, 9, 7, 2, 4);
                fetches.onJournalFetch(3, 2, 7, 2, 4);
                fetches.onJournalFetch(2, 2, 8, 2, 4);
                drain(fetches);
                assertEquals(List.of(), sent, "not a gateway of the stream; asked for another; for another replica");

                fetches.onResponseFetch(1, 1, 7, 1, 1);
                drain(fetches);
                assertTrue(!sent.isEmpty() && sent.stream().allMatch("record to 1"::equals),
                    "the leader gets its responses: " + sent);
            }
        }
    }

    private static void drain(final TakeoverFetches fetches)
    {
        for (int i = 0; i < 10; i++)
        {
            fetches.doWork();
        }
    }
}
