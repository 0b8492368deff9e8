package io.hedge.chaos.net;

import org.junit.jupiter.api.Assumptions;

/**
 * What the tests of this package share.
 */
final class NetTests
{
    private NetTests()
    {
    }

    /**
     * Skip the calling test, saying why, when this process cannot make namespaces.
     */
    static void assumeRoot()
    {
        Assumptions.assumeTrue(Netns.isRoot(), "skipped: network namespace tests need root (" +
            Netns.notRootMessage() + ")");
    }
}
