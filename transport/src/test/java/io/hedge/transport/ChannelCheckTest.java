package io.hedge.transport;

import io.aeron.ChannelUri;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChannelCheckTest
{
    @Test
    void aMissingChannelIsRequiredByItsKey()
    {
        for (final String missing : new String[]{null, "", "   "})
        {
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> ChannelCheck.require("gateway.ingress.channel", missing));
            assertEquals("gateway.ingress.channel is required", ex.getMessage());
        }
    }

    @Test
    void anUnparsableChannelIsNamedWithItsKeyAndValue()
    {
        for (final String bad : new String[]{"udp://localhost:20121", "aeron:", "aeron:udp?endpoint"})
        {
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> ChannelCheck.require("replica.sequenced.channel", bad), bad);
            assertTrue(ex.getMessage().startsWith(
                "replica.sequenced.channel is not a valid Aeron channel: '" + bad + "'"), ex.getMessage());
        }
    }

    @Test
    void aGoodChannelIsReturnedParsed()
    {
        final ChannelUri uri = ChannelCheck.require("client.response.channel", "aeron:udp?endpoint=localhost:20125");
        assertEquals("udp", uri.media());
        assertEquals("localhost:20125", uri.get("endpoint"));

        assertEquals("ipc", ChannelCheck.require("k", "aeron:ipc").media());
    }
}
