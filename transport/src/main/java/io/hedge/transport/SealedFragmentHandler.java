package io.hedge.transport;

import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * The door of a member stream: passes on, without its seal, only a message sealed with the cluster key, and counts
 * the rest. Put it right in front of the adapter, inside any fragment assembler (the seal covers the whole message,
 * so it is checked once the message is whole), so that nothing unsealed is decoded at all.
 */
public final class SealedFragmentHandler implements FragmentHandler
{
    private final MemberSeal seal;
    private final FragmentHandler delegate;
    private final SealRejections rejections;

    public SealedFragmentHandler(final MemberSeal seal, final FragmentHandler delegate, final AtomicCounter rejected)
    {
        this(seal, delegate, rejected, "member");
    }

    /**
     * @param roleName names the role in the warning logged (at most once a second) while messages are refused.
     */
    public SealedFragmentHandler(
        final MemberSeal seal, final FragmentHandler delegate, final AtomicCounter rejected, final String roleName)
    {
        this.seal = seal;
        this.delegate = delegate;
        this.rejections = new SealRejections(rejected, roleName);
    }

    /**
     * @return the handler to poll with: {@code delegate} itself when member authentication is off (no seal).
     */
    public static FragmentHandler wrap(final MemberSeal seal, final FragmentHandler delegate, final AtomicCounter rejected)
    {
        return null == seal ? delegate : new SealedFragmentHandler(seal, delegate, rejected);
    }

    @Override
    public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        if (seal.verify(buffer, offset, length))
        {
            delegate.onFragment(buffer, offset, length - MemberSeal.SEAL_LENGTH, header);
        }
        else
        {
            rejections.reject(header);
        }
    }
}
