package io.hedge.replicas;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.MutableDirectBuffer;

import java.util.Properties;

/**
 * A state machine on the test class path, public, with the Properties constructor the loader looks for; its response
 * is its {@code answer} property.
 */
public final class ClassPathStateMachine implements StateMachine
{
    private final long answer;

    public ClassPathStateMachine(final Properties properties)
    {
        answer = Long.parseLong(properties.getProperty("answer", "0"));
    }

    @Override
    public int apply(
        final long seq,
        final long timestampNs,
        final long clientId,
        final int principalId,
        final DirectBuffer payload,
        final int offset,
        final int length,
        final MutableDirectBuffer response,
        final int responseOffset)
    {
        response.putLong(responseOffset, answer);
        return Long.BYTES;
    }

    @Override
    public long fullStateHash()
    {
        return answer;
    }

    @Override
    public int writeSnapshot(final ExpandableDirectByteBuffer buffer, final int offset)
    {
        return 0;
    }

    @Override
    public void loadSnapshot(final DirectBuffer buffer, final int offset, final int length)
    {
    }
}
