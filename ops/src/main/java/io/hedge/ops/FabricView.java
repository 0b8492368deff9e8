package io.hedge.ops;

import io.hedge.codecs.ops.RoleReportDecoder;
import org.agrona.MutableDirectBuffer;

/**
 * What a gateway's ops agent knows of the whole fabric, built from the role reports it receives: the health monitor
 * implements it. Used on the ops agent's thread only.
 */
public interface FabricView
{
    /**
     * A role's report arrived.
     *
     * @param report wrapped on the message, just after its header; valid only during the call.
     * @param nowMs  the ops agent's wall clock.
     */
    void onReport(RoleReportDecoder report, long nowMs);

    /**
     * Classify every role again and raise or clear alarms; called every ops duty cycle.
     */
    void poll(long nowMs);

    /**
     * Encode a FabricHealth message, with its message header, of the fabric as it is now.
     *
     * @param gatewayId the gateway that answers (this one).
     * @return the encoded length, header included.
     */
    int writeHealth(
        MutableDirectBuffer buffer, int offset, long opsClientId, long correlationId, int gatewayId, long nowMs);

    /**
     * @return one line per open alarm, oldest first; empty when none is open.
     */
    String alarmsText();

    /**
     * @return alarms raised since the view began, for the gateway's ALARMS_RAISED counter; 0 for a view that raises
     * none.
     */
    default long alarmsRaised()
    {
        return 0;
    }
}
