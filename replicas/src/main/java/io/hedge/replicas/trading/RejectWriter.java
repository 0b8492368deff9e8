package io.hedge.replicas.trading;

import io.hedge.codecs.trading.MessageHeaderDecoder;
import io.hedge.codecs.trading.MessageHeaderEncoder;
import io.hedge.codecs.trading.RejectEncoder;
import io.hedge.codecs.trading.RejectReason;
import org.agrona.MutableDirectBuffer;

/**
 * Writes the Reject response; shared by the decoder and every request handler, as any of them may refuse a request.
 */
final class RejectWriter
{
    private static final int HEADER_LENGTH = MessageHeaderDecoder.ENCODED_LENGTH;

    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final RejectEncoder rejectEncoder = new RejectEncoder();

    /**
     * @return the length of the response written.
     */
    int reject(
        final MutableDirectBuffer response,
        final int responseOffset,
        final long refId,
        final int requestTemplateId,
        final RejectReason reason)
    {
        rejectEncoder
            .wrapAndApplyHeader(response, responseOffset, headerEncoder)
            .refId(refId)
            .requestTemplateId(requestTemplateId)
            .reason(reason);
        return HEADER_LENGTH + RejectEncoder.BLOCK_LENGTH;
    }
}
