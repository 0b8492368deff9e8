package io.hedge.replicas;

import io.hedge.codecs.fabric.MessageHeaderEncoder;
import io.hedge.codecs.fabric.ResponseReplayEncoder;
import io.hedge.journal.RecordRangeSender;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a newly elected gateway the responses it asked for from the {@link ResponseLog}, a batch per duty cycle,
 * then a closing message that says from which seq this replica still held them.
 */
final class ResponseFetchServer
{
    private static final Logger LOG = LoggerFactory.getLogger(ResponseFetchServer.class);
    private static final int BATCH = 256;

    private final int replicaId;
    private final ResponseLog log;
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final ResponseReplayEncoder encoder = new ResponseReplayEncoder();
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1024);
    private final UnsafeBuffer response = new UnsafeBuffer(0, 0);
    private RecordRangeSender.RecordSink sink;
    private long nextSeq;
    private long toSeq;
    private long firstAvailable;
    private boolean active;

    ResponseFetchServer(final int replicaId, final ResponseLog log)
    {
        this.replicaId = replicaId;
        this.log = log;
    }

    /**
     * Begin sending fromSeq..toSeq to this sink (the gateway that asked), replacing what is under way.
     */
    void start(final RecordRangeSender.RecordSink sink, final long fromSeq, final long toSeq)
    {
        this.sink = sink;
        this.firstAvailable = log.firstAvailableSeq();
        this.nextSeq = Math.max(fromSeq, Math.max(1, firstAvailable));
        this.toSeq = toSeq;
        this.active = true;
        LOG.info("replica {}: sending the responses of seqs {}..{} (held from seq {})", replicaId, nextSeq, toSeq,
            firstAvailable);
    }

    int doWork()
    {
        int count = 0;
        while (active && count < BATCH)
        {
            final int length;
            if (nextSeq > toSeq)
            {
                encoder.wrapAndApplyHeader(buffer, 0, header)
                    .replicaId(replicaId).seq(toSeq).complete((short)1).firstAvailableSeq(firstAvailable)
                    .putResponse(response, 0, 0);
                length = MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
            }
            else
            {
                final int responseLength = log.wrap(nextSeq, response);
                if (responseLength < 0)
                {
                    nextSeq++;
                    continue;
                }
                encoder.wrapAndApplyHeader(buffer, 0, header)
                    .replicaId(replicaId).seq(nextSeq).complete((short)0).firstAvailableSeq(firstAvailable)
                    .putResponse(response, 0, responseLength);
                length = MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
            }
            if (!sink.offer(buffer, 0, length))
            {
                break;
            }
            if (nextSeq > toSeq)
            {
                active = false;
            }
            nextSeq++;
            count++;
        }
        return count;
    }
}
