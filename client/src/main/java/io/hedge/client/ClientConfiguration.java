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
    public static final Setting BACKOFF_INITIAL_MS = new Setting("client.backoff.initial.ms", "100",
        "first wait before a client connects again to a gateway that did not answer, or asks all again when failing over");
    public static final Setting BACKOFF_MAX_MS = new Setting("client.backoff.max.ms", "1000",
        "longest such wait: it doubles from the initial one up to this");
    public static final Setting BACKOFF_JITTER = new Setting("client.backoff.jitter", "0.2",
        "fraction of each wait (0 to 1) taken off at random, so that clients do not ask in step");
    public static final Setting PRINCIPAL = new Setting("client.principal", "",
        "the principal a client connects as (a name in the gateways' principals file); empty: none, for " +
        "gateway.authenticator=none");
    public static final Setting SECRET_FILE = new Setting("client.secret.file", "",
        "file whose first line is client.principal's secret; refused if group or others may read it");

    /** Every client key, in the order {@code hedge settings} lists them. */
    public static final List<Setting> SETTINGS = Setting.list(
        INGRESS_CHANNEL, RESPONSE_CHANNEL, TIMEOUT_MS, BACKOFF_INITIAL_MS, BACKOFF_MAX_MS, BACKOFF_JITTER, PRINCIPAL,
        SECRET_FILE);

    private ClientConfiguration()
    {
    }
}
