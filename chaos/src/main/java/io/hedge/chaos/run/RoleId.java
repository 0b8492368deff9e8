package io.hedge.chaos.run;

/**
 * One process of a chaos run, each in a network namespace of its own.
 *
 * @param name  unique in the run, used for its namespace, directory and log: "gateway-1", "replica-A", "client-2",
 *              "sink".
 * @param kind  what it runs.
 * @param site  the site it belongs to ("A", "B", "C"), or "" for clients and the sink, which stand outside the sites.
 * @param index the gateway id, the replica id, the client's number (from 1), or 0 for the sink.
 */
public record RoleId(String name, RoleKind kind, String site, int index)
{
    public static RoleId gateway(final int gatewayId, final String site)
    {
        return new RoleId("gateway-" + gatewayId, RoleKind.GATEWAY, site, gatewayId);
    }

    public static RoleId replica(final int replicaId, final String site)
    {
        return new RoleId("replica-" + site, RoleKind.REPLICA, site, replicaId);
    }

    public static RoleId client(final int number)
    {
        return new RoleId("client-" + number, RoleKind.CLIENT, "", number);
    }

    public static RoleId sink()
    {
        return new RoleId("sink", RoleKind.SINK, "", 0);
    }

    /**
     * @return the forge nemesis's hostile process, outside the sites like the clients.
     */
    public static RoleId forger()
    {
        return new RoleId("forger", RoleKind.FORGER, "", 0);
    }

    @Override
    public String toString()
    {
        return name;
    }
}
