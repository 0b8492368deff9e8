package io.hedge.chaos;

/**
 * A child process for the harness's tests: prints a numbered line with the wall-clock time every 10 ms until killed.
 */
public final class Ticker
{
    private Ticker()
    {
    }

    public static void main(final String[] args) throws InterruptedException
    {
        for (long tick = 1; ; tick++)
        {
            System.out.printf("tick %d at %d%n", tick, System.currentTimeMillis());
            System.out.flush();
            Thread.sleep(10);
        }
    }
}
