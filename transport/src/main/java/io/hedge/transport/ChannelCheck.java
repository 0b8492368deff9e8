package io.hedge.transport;

import io.aeron.ChannelUri;

/**
 * The one check of an Aeron channel setting, so that every role says the same thing about the same mistake.
 */
public final class ChannelCheck
{
    private ChannelCheck()
    {
    }

    /**
     * @param key     the setting's key (or a description of it), named in the message.
     * @param channel its value.
     * @return the channel, parsed.
     * @throws IllegalArgumentException when it is missing or Aeron cannot parse it.
     */
    public static ChannelUri require(final String key, final String channel)
    {
        if (null == channel || channel.isBlank())
        {
            throw new IllegalArgumentException(key + " is required");
        }
        try
        {
            return ChannelUri.parse(channel);
        }
        catch (final RuntimeException ex)
        {
            throw new IllegalArgumentException(
                key + " is not a valid Aeron channel: '" + channel + "' (" + ex.getMessage() + ")", ex);
        }
    }
}
