package io.hedge.gateway;

import io.hedge.codecs.fabric.MessageHeaderEncoder;
import io.hedge.codecs.fabric.SequencedDecoder;
import io.hedge.codecs.fabric.SequencedEncoder;
import io.hedge.codecs.fabric.MessageHeaderDecoder;
import io.hedge.journal.SequencedJournal;
import io.hedge.transport.FabricLimits;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RetransmitServiceTest
{
    private final FakeGatewayIo.Recorder replay = new FakeGatewayIo.Recorder();
    private Path dir;
    private SequencedJournal journal;
    private RetransmitService service;

    @BeforeEach
    void setUp(final TestInfo info)
    {
        final String name = info.getTestMethod().map(m -> m.getName()).orElse("test");
        dir = Paths.get(System.getProperty("hedge.test.dir", "target/test-work"))
            .resolve("retransmit-" + name + "-" + System.nanoTime());
        journal = SequencedJournal.open(dir);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[128]);
        for (long seq = 1; seq <= 10; seq++)
        {
            final SequencedEncoder encoder = new SequencedEncoder()
                .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
                .epoch(1).seq(seq).timestampNs(seq).clientId(7).correlationId(seq).putPayload(new byte[] {1}, 0, 1);
            journal.append(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
        }
        service = new RetransmitService(journal, replay, 3);
    }

    @AfterEach
    void tearDown()
    {
        try
        {
            service.close();
            journal.close();
        }
        finally
        {
            IoUtil.delete(dir.toFile(), true);
        }
    }

    private List<Long> seqsSent()
    {
        final List<Long> seqs = new ArrayList<>();
        final SequencedDecoder decoder = new SequencedDecoder();
        for (final UnsafeBuffer message : replay.sent(SequencedDecoder.TEMPLATE_ID))
        {
            seqs.add(decoder.wrapAndApplyHeader(message, 0, new MessageHeaderDecoder()).seq());
        }
        return seqs;
    }

    @Test
    void eachRequesterHasARangeOfItsOwnSentABatchPerCycle()
    {
        service.onRequest(2, 2, 6);
        service.onRequest(FabricLimits.STANDBY_REQUESTER_BASE + 3, 8, 20);
        assertEquals(6, service.doWork(), "a batch of 3 each: the replica's 2..4, the standby's 8..10 (all there is)");
        assertEquals(List.of(2L, 3L, 4L, 8L, 9L, 10L), seqsSent().stream().sorted().toList());
        assertEquals(2, service.doWork(), "the rest of the replica's range");
        assertEquals(0, service.doWork());
        assertEquals(List.of(2L, 3L, 4L, 5L, 6L, 8L, 9L, 10L), seqsSent().stream().sorted().toList());
        assertEquals(8, service.messagesSent());
        assertEquals(2, service.requests());
    }

    @Test
    void aNewerRequestReplacesTheRangeUnderWay()
    {
        service.onRequest(5, 1, 10);
        service.doWork();
        service.onRequest(5, 9, 10);
        while (service.doWork() > 0)
        {
            // until the range is sent
        }
        assertEquals(List.of(1L, 2L, 3L, 9L, 10L), seqsSent());
    }

    @Test
    void requestsOutsideTheTableOrTheJournalAreIgnored()
    {
        service.onRequest(0, 1, 2);
        service.onRequest(FabricLimits.MAX_REQUESTERS, 1, 2);
        service.onRequest(3, 11, 12);
        service.onRequest(3, 4, 2);
        assertEquals(0, service.doWork());
        assertEquals(1, service.requests(), "only the one past the journal was a request at all");
    }
}
