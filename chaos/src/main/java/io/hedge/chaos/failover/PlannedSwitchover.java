package io.hedge.chaos.failover;

import io.aeron.Aeron;
import io.hedge.codecs.ops.AdminResponseDecoder;
import io.hedge.codecs.ops.AdminResult;
import io.hedge.codecs.ops.AdminVerb;
import io.hedge.ops.OpsClient;
import io.hedge.ops.OpsListener;
import io.hedge.transport.ClientCredentials;
import io.hedge.transport.GatewayEndpoints;
import io.hedge.transport.OpsChannel;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * Asks the active gateway for a planned switchover, as {@code hedge admin switchover --to G} does: an ops session to
 * its ops port, one SWITCHOVER request, and its answer. One session per switchover, closed after it, so that a
 * gateway that stepped down holds no session of the run.
 */
final class PlannedSwitchover
{
    private final Aeron aeron;
    private final List<GatewayEndpoints> gateways;

    /**
     * @param aeron    the run's own client, on the client's media driver.
     * @param gateways every gateway's endpoints, gateway id i at index i - 1.
     */
    PlannedSwitchover(final Aeron aeron, final List<GatewayEndpoints> gateways)
    {
        this.aeron = aeron;
        this.gateways = gateways;
    }

    /**
     * Ask gateway {@code activeId} to hand over to {@code targetId} and wait for its answer.
     *
     * @param asking called once the ops session is open, just before the request leaves: the session's logon is not
     *               the switchover's time.
     * @return the gateway's answer: "OK detail" when it handed over and heard the target active.
     */
    String switchOver(final int activeId, final int targetId, final int timeoutSeconds, final Runnable asking)
        throws TimeoutException
    {
        final String[] answer = new String[1];
        try (OpsClient client = OpsClient.connect(aeron, new OpsClient.Options(
            OpsChannel.channel(gateways.get(activeId - 1)), activeId, "localhost", ClientCredentials.NONE, false,
            TimeUnit.SECONDS.toMillis(timeoutSeconds))))
        {
            asking.run();
            final long correlationId = client.send(AdminVerb.SWITCHOVER, targetId);
            final OpsListener listener = new OpsListener()
            {
                @Override
                public void onAdminResponse(final AdminResponseDecoder response)
                {
                    if (response.correlationId() == correlationId)
                    {
                        final AdminResult result = response.result();
                        answer[0] = result.name() + " " + response.detail();
                    }
                }
            };
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            while (null == answer[0])
            {
                if (System.nanoTime() - deadlineNs > 0)
                {
                    throw new TimeoutException("gateway " + activeId + " did not answer the switchover to gateway " +
                        targetId + " within " + timeoutSeconds + " s");
                }
                if (0 == client.poll(listener))
                {
                    LockSupport.parkNanos(100_000);
                }
            }
        }
        return answer[0];
    }
}
