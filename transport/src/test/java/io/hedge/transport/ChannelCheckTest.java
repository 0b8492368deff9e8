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

    /**
     * Rule 8 (bounded resources). Invariant: a client-chosen response channel can make a gateway send only to one
     * unicast host and port (or ipc), never listen, send elsewhere or allocate what the client chooses.
     */
    @Test
    void aClientResponseChannelIsAllowedOnlyAsUnicastUdpOrIpcAndOpenedWithItsEndpointAlone()
    {
        assertEquals("aeron:udp?endpoint=10.0.0.7:40123",
            ChannelCheck.clientResponseChannel("aeron:udp?endpoint=10.0.0.7:40123|rcv-wnd=131072|alias=me"));
        assertEquals("aeron:udp?endpoint=localhost:40123", ChannelCheck.clientResponseChannel("aeron:udp?endpoint=localhost:40123"));
        assertEquals("aeron:ipc", ChannelCheck.clientResponseChannel("aeron:ipc", true));

        refused("aeron:udp?endpoint=localhost:40123|control=localhost:40124|control-mode=dynamic", "control, control-mode");
        refused("aeron:udp?control-mode=manual", "control-mode");
        refused("aeron:udp?endpoint=localhost:40123|interface=10.0.0.1", "interface");
        refused("aeron:udp?endpoint=localhost:40123|term-length=1073741824", "term-length");
        refused("aeron:udp?endpoint=localhost:40123|mtu=65504", "mtu");
        refused("aeron:udp?endpoint=239.1.2.3:40123", "multicast");
        refused("aeron:udp?endpoint=[ff02::1]:40123", "multicast");
        refused("aeron:udp?endpoint=localhost:0", "port of 1 to 65535");
        refused("aeron:udp?endpoint=localhost", "port");
        refused("aeron:udp?alias=x", "endpoint (host:port) is required");
        final IllegalArgumentException ipcEndpoint = assertThrows(IllegalArgumentException.class,
            () -> ChannelCheck.clientResponseChannel("aeron:ipc?endpoint=localhost:1", true));
        assertTrue(ipcEndpoint.getMessage().contains("endpoint"), ipcEndpoint.getMessage());
        refused("aeron-spy:aeron:udp?endpoint=localhost:40123", "prefix");
        refused("udp://localhost:1", "not a valid Aeron channel");
    }

    /**
     * Issue 14 (hostile input): what a client names is refused before anything is parsed or allocated when it is
     * absurdly long or holds control characters, and IPC (a log buffer in the gateway's own driver) only where the
     * gateway's ingress is IPC; session-id and ttl tricks are refused by name.
     */
    @Test
    void hostileResponseChannelsAreRefusedWithTheReason()
    {
        refused("aeron:ipc", "ipc only where the gateway's ingress is ipc");
        refused("aeron:udp?endpoint=localhost:40123|alias=" + "x".repeat(300), "too long");
        refused("aeron:udp?endpoint=localhost:40123\n|alias=x", "control character");
        refused("aeron:udp?endpoint=local\u0000host:40123", "control character");
        refused("aeron:udp?endpoint=localhost:40123|session-id=7", "session-id");
        refused("aeron:udp?endpoint=localhost:40123|ttl=16", "ttl");
        refused("aeron:udp?endpoint=localhost:40123|term-length=64k|mtu=1408", "mtu, term-length");
        refused("aeron:udp?endpoint=224.0.0.1:40123", "multicast");
        assertEquals("aeron:udp?endpoint=gw.example:40123",
            ChannelCheck.clientResponseChannel("aeron:udp?endpoint=gw.example:40123|alias=ok"));
    }

    private static void refused(final String channel, final String reason)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> ChannelCheck.clientResponseChannel(channel), channel);
        assertTrue(ex.getMessage().contains(reason), channel + ": " + ex.getMessage());
    }

    @Test
    void whatTheMediaDriverWouldRefuseIsNamedWithTheKey()
    {
        final String[][] cases = {
            {"aeron:udp?endpoint=localhost", "endpoint must be host:port, got 'localhost'"},
            {"aeron:udp?endpoint=localhost:70000", "endpoint port must be between 0 and 65535, got 70000"},
            {"aeron:udp?control=localhost:x|control-mode=dynamic",
                "control port must be a number between 0 and 65535, got 'x'"},
            {"aeron:udp?endpoint=[::1]", "endpoint must be host:port, got '[::1]'"},
            {"aeron:udp?endpoint=localhost:1|term-length=1000",
                "Term length less than min length of 65536: length=1000"},
            {"aeron:udp?endpoint=localhost:1|mtu=abc", "mtu must be a size such as 64k, got 'abc'"},
            {"aeron:udp?endpoint=localhost:1|mtu=1000", "mtu must be a multiple of 32 bytes, got 1000"},
            {"aeron:udp?endpoint=localhost:1|mtu=128k", "mtu must be between 32 and 65504 bytes, got 131072"},
            {"aeron:udp?endpoint=239.255.20.2:20122|interface=localhost", "endpoint 239.255.20.2 is a multicast " +
                "group whose last octet is not odd and below 255 (Aeron sends the stream's control messages to the " +
                "next address)"},
            {"aeron:udp?endpoint=239.255.20.255:20122", "endpoint 239.255.20.255 is a multicast " +
                "group whose last octet is not odd and below 255 (Aeron sends the stream's control messages to the " +
                "next address)"},
        };
        for (final String[] badAndWhy : cases)
        {
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> ChannelCheck.require("gateway.ingress.channel", badAndWhy[0]), badAndWhy[0]);
            assertEquals("gateway.ingress.channel is not a valid Aeron channel: '" + badAndWhy[0] + "' (" +
                badAndWhy[1] + ")", ex.getMessage());
        }
    }

    @Test
    void goodAddressesAndSizesPass()
    {
        for (final String good : new String[]{"aeron:udp?endpoint=localhost:0", "aeron:udp?endpoint=[::1]:20121",
            "aeron:udp?endpoint=10.0.0.1:65535|mtu=8k|term-length=64k",
            "aeron:udp?control=localhost:20122|control-mode=dynamic|fc=max",
            "aeron:udp?endpoint=239.255.20.1:20122|interface=localhost|fc=max"})
        {
            assertEquals(ChannelUri.parse(good).toString(), ChannelCheck.require("k", good).toString(), good);
        }
    }
}
