package io.hedge.cli;

import io.aeron.Aeron;
import io.hedge.ops.OpsClient;
import io.hedge.transport.ClientCredentials;
import io.hedge.transport.GatewayEndpoints;
import io.hedge.transport.OpsChannel;
import org.agrona.CloseHelper;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code hedge status} and {@code hedge admin} share: a media driver and Aeron client of the tool's own, the
 * credentials of client.principal and client.secret.file, and the gateways to ask in order (the one named, or gateway 1
 * and then the others).
 */
final class OpsTool implements AutoCloseable
{
    private final HedgeConfig config;
    private final ClientCredentials credentials;
    private final List<GatewayEndpoints> gateways;
    private final RoleRuntime runtime;
    private final Aeron aeron;

    /**
     * @param gatewayId the gateway to ask, or 0 for gateway 1 and then the others.
     * @throws IllegalArgumentException naming the setting or option that is wrong.
     */
    OpsTool(final HedgeConfig config, final int gatewayId)
    {
        this.config = config;
        final List<GatewayEndpoints> all = config.gatewayEndpoints();
        if (gatewayId < 0 || gatewayId > all.size())
        {
            throw new IllegalArgumentException("--gateway must be between 1 and gateway.count (" + all.size() +
                "), got " + gatewayId);
        }
        this.gateways = 0 == gatewayId ? all : List.of(all.get(gatewayId - 1));
        this.credentials = config.clientCredentials();
        this.runtime = new RoleRuntime(config, "ops-tool-" + ProcessHandle.current().pid());
        this.aeron = runtime.closeOnFailure(
            () -> Aeron.connect(new Aeron.Context().aeronDirectoryName(runtime.aeronDir())));
    }

    List<GatewayEndpoints> gateways()
    {
        return gateways;
    }

    /**
     * @throws io.hedge.ops.OpsException naming the gateway and why, when it does not answer or refuses.
     */
    OpsClient connect(final GatewayEndpoints gateway, final boolean subscribe, final long timeoutMs)
    {
        return OpsClient.connect(aeron, new OpsClient.Options(OpsChannel.channel(gateway), gateway.gatewayId(),
            config.get("host"), credentials, subscribe, timeoutMs));
    }

    /**
     * @return one line of every failure, for the error when no gateway answered.
     */
    static String joined(final List<String> failures)
    {
        return String.join("; ", new ArrayList<>(failures));
    }

    @Override
    public void close()
    {
        CloseHelper.quietCloseAll(aeron, runtime);
    }
}
