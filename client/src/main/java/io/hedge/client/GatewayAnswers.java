package io.hedge.client;

import io.hedge.codecs.fabric.ConnectStatus;

import java.util.Arrays;
import java.util.List;

/**
 * What each of a session's gateways last said, by index (gateway id - 1), and when the session next asks it: kept
 * by the {@link GatewayFailover} for failover and the connect backoff, and read for a useful error when a connect
 * finds no active gateway.
 */
final class GatewayAnswers
{
    /** The last ClientConnected status of each gateway; {@link ConnectStatus#NULL_VAL} while not heard from. */
    final ConnectStatus[] heard;
    final long[] gatewayEpoch;
    final int[] activeHint;
    final long[] nextConnectNs;
    final long[] lastHeardNs;
    /** Connects sent to each gateway not yet heard from: its backoff attempt. */
    final int[] connectAttempts;

    GatewayAnswers(final int gatewayCount)
    {
        heard = new ConnectStatus[gatewayCount];
        Arrays.fill(heard, ConnectStatus.NULL_VAL);
        gatewayEpoch = new long[gatewayCount];
        activeHint = new int[gatewayCount];
        nextConnectNs = new long[gatewayCount];
        lastHeardNs = new long[gatewayCount];
        connectAttempts = new int[gatewayCount];
    }

    /**
     * @return what each gateway said or did not, for the error of a connect that found no active gateway.
     */
    String describe(final IngressPublisher[] gateways, final List<String> channels, final String responseChannel)
    {
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < gateways.length; i++)
        {
            sb.append(i == 0 ? "" : "; ").append("gateway ").append(i + 1).append(" at '").append(channels.get(i))
                .append("' ");
            if (heard[i] == ConnectStatus.NOT_ACTIVE)
            {
                final int hint = activeHint[i];
                sb.append("is standing by (epoch ").append(gatewayEpoch[i]).append(", active gateway ")
                    .append(hint <= 0 ? "unknown" : Integer.toString(hint))
                    .append(hint > gateways.length ? ", which is not among the configured gateway ingress channels" : "")
                    .append(')');
            }
            else if (gateways[i].isConnected())
            {
                sb.append("is reachable but did not answer (can it reach back to '")
                    .append(responseChannel).append("'?)");
            }
            else
            {
                sb.append("is not reachable (is it running, and is that its ingress channel?)");
            }
        }
        return sb.toString();
    }

    /**
     * @return true if every configured gateway has refused the client.
     */
    boolean everyRefused()
    {
        for (final ConnectStatus status : heard)
        {
            if (status != ConnectStatus.REJECTED)
            {
                return false;
            }
        }
        return true;
    }
}
