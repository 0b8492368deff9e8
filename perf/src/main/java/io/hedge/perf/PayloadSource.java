package io.hedge.perf;

import org.agrona.MutableDirectBuffer;

/**
 * Writes the next request payload of a load run.
 */
@FunctionalInterface
public interface PayloadSource
{
    /**
     * @return the length of the payload written at offset.
     */
    int next(MutableDirectBuffer buffer, int offset);
}
