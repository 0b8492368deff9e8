package io.hedge.transport;

import io.aeron.Publication;
import io.aeron.logbuffer.ControlledFragmentHandler;
import io.aeron.logbuffer.FragmentHandler;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * The one place where a role's member streams (between gateways, replicas and the effects sink) are sealed and
 * checked: every publication to a member is offered through {@link #offer}, every subscription from members is polled
 * through {@link #wrap(FragmentHandler)} (inside the fragment assembler, in front of the adapter). With no key
 * (member authentication off) both pass everything through unchanged.
 *
 * <p>A message is offered with its seal as a second part of the same Aeron message, so the sender never needs room
 * after a message it does not own (a record read from a journal, a message relayed). One instance per thread: it holds
 * a {@link MemberSeal} for sending and one for checking, so a handler that sends while it handles a message is safe.
 */
public final class MemberSealing
{
    private final MemberSeal sendSeal;
    private final MemberSeal receiveSeal;
    private final AtomicCounter rejected;
    private final String roleName;
    private final UnsafeBuffer sealBuffer = new UnsafeBuffer(new byte[MemberSeal.SEAL_LENGTH]);

    /**
     * @param key      the cluster key, or null: member authentication off.
     * @param rejected counts messages refused for want of a valid seal.
     * @param roleName names the role in the warning logged while messages are refused.
     */
    public MemberSealing(final byte[] key, final AtomicCounter rejected, final String roleName)
    {
        this.sendSeal = null == key ? null : new MemberSeal(key);
        this.receiveSeal = null == key ? null : new MemberSeal(key);
        this.rejected = rejected;
        this.roleName = roleName;
    }

    /**
     * @return sealing that passes everything through: member authentication off.
     */
    public static MemberSealing off()
    {
        return new MemberSealing(null, null, "member");
    }

    public boolean enabled()
    {
        return null != sendSeal;
    }

    /**
     * Offer a message to a member, sealed: as {@link Publication#offer(DirectBuffer, int, int)}.
     */
    public long offer(final Publication publication, final DirectBuffer buffer, final int offset, final int length)
    {
        if (null == sendSeal)
        {
            return publication.offer(buffer, offset, length);
        }
        sendSeal.sealTo(buffer, offset, length, sealBuffer, 0);
        return publication.offer(buffer, offset, length, sealBuffer, 0, MemberSeal.SEAL_LENGTH);
    }

    /**
     * Offer the message just offered with {@link #offer} (same bytes, same thread, nothing sealed in between) to a
     * second publication, with the seal already computed: the active gateway's copy of the sequenced stream to the
     * standbys costs no second HMAC.
     */
    public long offerAgain(final Publication publication, final DirectBuffer buffer, final int offset, final int length)
    {
        if (null == sendSeal)
        {
            return publication.offer(buffer, offset, length);
        }
        return publication.offer(buffer, offset, length, sealBuffer, 0, MemberSeal.SEAL_LENGTH);
    }

    /**
     * @return the handler to give the fragment assembler of a subscription from members.
     */
    public FragmentHandler wrap(final FragmentHandler delegate)
    {
        return null == receiveSeal ? delegate : new SealedFragmentHandler(receiveSeal, delegate, rejected, roleName);
    }

    /**
     * @return the handler to give the controlled fragment assembler of a subscription from members.
     */
    public ControlledFragmentHandler wrap(final ControlledFragmentHandler delegate)
    {
        return null == receiveSeal ? delegate :
            new SealedControlledFragmentHandler(receiveSeal, delegate, rejected, roleName);
    }
}
