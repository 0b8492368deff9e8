package io.hedge.gateway.ops;

import io.hedge.codecs.ops.AdminResponseEncoder;
import io.hedge.codecs.ops.AdminResult;
import io.hedge.codecs.ops.AdminVerb;
import io.hedge.codecs.ops.MessageHeaderEncoder;
import io.hedge.codecs.ops.OpsChallengeEncoder;
import io.hedge.codecs.ops.OpsConnectStatus;
import io.hedge.codecs.ops.OpsConnectedEncoder;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Encodes what a gateway says to an ops session (OpsChallenge, OpsConnected, AdminResponse) into one buffer of the ops
 * agent's; each method returns the length, header included, valid until the next call.
 */
final class OpsAnswers
{
    private final ExpandableDirectByteBuffer buffer = new ExpandableDirectByteBuffer(4096);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final OpsChallengeEncoder challenge = new OpsChallengeEncoder();
    private final OpsConnectedEncoder connected = new OpsConnectedEncoder();
    private final AdminResponseEncoder response = new AdminResponseEncoder();
    private final int gatewayId;

    OpsAnswers(final int gatewayId)
    {
        this.gatewayId = gatewayId;
    }

    MutableDirectBuffer buffer()
    {
        return buffer;
    }

    int challenge(final long opsClientId, final byte[] bytes)
    {
        challenge.wrapAndApplyHeader(buffer, 0, header).opsClientId(opsClientId).putChallenge(bytes, 0, bytes.length);
        return MessageHeaderEncoder.ENCODED_LENGTH + challenge.encodedLength();
    }

    int connected(final long opsClientId, final OpsConnectStatus status, final int permissions, final String detail)
    {
        connected.wrapAndApplyHeader(buffer, 0, header)
            .opsClientId(opsClientId)
            .status(status)
            .gatewayId(gatewayId)
            .permissions(permissions)
            .detail(detail);
        return MessageHeaderEncoder.ENCODED_LENGTH + connected.encodedLength();
    }

    int response(
        final long opsClientId,
        final long correlationId,
        final AdminVerb verb,
        final AdminResult result,
        final long seq,
        final String detail)
    {
        response.wrapAndApplyHeader(buffer, 0, header)
            .opsClientId(opsClientId)
            .correlationId(correlationId)
            .verb(verb)
            .result(result)
            .gatewayId(gatewayId)
            .seq(seq)
            .detail(null == detail ? "" : detail);
        return MessageHeaderEncoder.ENCODED_LENGTH + response.encodedLength();
    }
}
