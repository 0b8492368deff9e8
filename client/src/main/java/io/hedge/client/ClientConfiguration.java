package io.hedge.client;

import io.hedge.transport.Setting;

import java.util.List;

/**
 * The client's keys, each with its default and one line of documentation: {@link HedgeClientContext} takes its
 * defaults from here, and {@code hedge settings} lists them.
 */
public final class ClientConfiguration
{
    public static final Setting INGRESS_CHANNEL = new Setting(
        "client.ingress.channel", "", "override: the channel on which a client sends requests");
    public static final Setting RESPONSE_CHANNEL = new Setting(
        "client.response.channel", "", "override: the channel on which a client receives responses");
    public static final Setting TIMEOUT_MS = new Setting("client.timeout.ms", "5000", "request timeout of clients");

    /** Every client key, in the order {@code hedge settings} lists them. */
    public static final List<Setting> SETTINGS = Setting.list(INGRESS_CHANNEL, RESPONSE_CHANNEL, TIMEOUT_MS);

    private ClientConfiguration()
    {
    }
}
