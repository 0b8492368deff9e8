package io.hedge.gateway;

import io.aeron.ExclusivePublication;

/**
 * One connected client: where its responses go. A session is pending until its response publication is
 * connected, and only then told {@code ClientConnected}.
 */
final class ClientSession
{
    final long clientId;
    final String responseChannel;
    final int responseStreamId;
    final ExclusivePublication publication;
    final long connectDeadlineNs;
    boolean established;

    ClientSession(
        final long clientId,
        final String responseChannel,
        final int responseStreamId,
        final ExclusivePublication publication,
        final long connectDeadlineNs)
    {
        this.clientId = clientId;
        this.responseChannel = responseChannel;
        this.responseStreamId = responseStreamId;
        this.publication = publication;
        this.connectDeadlineNs = connectDeadlineNs;
    }

    boolean sameEndpoint(final String channel, final int streamId)
    {
        return responseStreamId == streamId && responseChannel.equals(channel);
    }
}
