package io.hedge.gateway;

import io.hedge.codecs.fabric.MessageHeaderDecoder;
import io.hedge.codecs.fabric.RepairOrderDecoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplicaPublisherTest
{
    @Test
    @DisplayName("rule 6: a repair order goes on the sequenced stream, where every replica listens, naming its replica")
    void repairOrderIsEncodedOnTheSequencedStream()
    {
        final FakeGatewayIo.Recorder sequenced = new FakeGatewayIo.Recorder();
        final FakeGatewayIo.Recorder replay = new FakeGatewayIo.Recorder();
        final ReplicaPublisher publisher = new ReplicaPublisher(2, sequenced, replay);
        assertTrue(publisher.repairOrder(3, 9, 120, 0xBEEFL));
        final List<UnsafeBuffer> sent = sequenced.sent(RepairOrderDecoder.TEMPLATE_ID);
        assertEquals(1, sent.size());
        assertTrue(replay.sent(RepairOrderDecoder.TEMPLATE_ID).isEmpty());
        final RepairOrderDecoder order = new RepairOrderDecoder().wrapAndApplyHeader(
            sent.get(0), 0, new MessageHeaderDecoder());
        assertEquals(2, order.gatewayId());
        assertEquals(3, order.replicaId());
        assertEquals(9, order.epoch());
        assertEquals(120, order.seq());
        assertEquals(0xBEEFL, order.majorityHash());
    }
}
