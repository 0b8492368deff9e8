package io.hedge.transport;

import io.aeron.logbuffer.ControlledFragmentHandler;
import io.aeron.logbuffer.Header;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * {@link SealedFragmentHandler} for a controlled poll: the adapter behind it may hold a message (ABORT), which is then
 * checked again when it is delivered again.
 */
public final class SealedControlledFragmentHandler implements ControlledFragmentHandler
{
    private final MemberSeal seal;
    private final ControlledFragmentHandler delegate;
    private final SealRejections rejections;

    public SealedControlledFragmentHandler(
        final MemberSeal seal, final ControlledFragmentHandler delegate, final AtomicCounter rejected, final String roleName)
    {
        this.seal = seal;
        this.delegate = delegate;
        this.rejections = new SealRejections(rejected, roleName);
    }

    @Override
    public Action onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        if (seal.verify(buffer, offset, length))
        {
            return delegate.onFragment(buffer, offset, length - MemberSeal.SEAL_LENGTH, header);
        }
        rejections.reject(header);
        return Action.CONTINUE;
    }
}
