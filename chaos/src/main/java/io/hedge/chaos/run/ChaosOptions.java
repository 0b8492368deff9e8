package io.hedge.chaos.run;

import java.nio.file.Path;

/**
 * What a {@code hedge chaos} run is asked to do.
 *
 * @param seed      the nemesis schedule and every client's workload are drawn from it.
 * @param durationS the run's length: clients send for this long, faults fall within it, the last tenth is quiet.
 * @param faults    "all" or fault kind names, comma separated ({@link io.hedge.chaos.nemesis.FaultKind#parse}).
 * @param oneOfEach one fault of each kind, one at a time, instead of a random mix.
 * @param clients   client processes, each with its own client id.
 * @param rate      requests per second per client.
 * @param dir       where run directories are made.
 * @param keep      keep every role's whole directory (gateway journals, snapshots), not only the replicas'
 *                  journals.
 * @param secure    run the fabric with a member key and client authentication (a principals file, one principal per
 *                  client); needed by the {@code forge} nemesis.
 */
public record ChaosOptions(
    long seed, int durationS, String faults, boolean oneOfEach, int clients, int rate, Path dir, boolean keep,
    boolean secure)
{
    /**
     * Whether runs are secure unless told otherwise. False until member authentication and client authentication
     * (the settings member.key.file, gateway.authenticator, gateway.principals.file, client.principal and
     * client.secret.file) are in the build: a role refuses a setting it does not know. Flip to true with them.
     */
    public static final boolean DEFAULT_SECURE = true;

    /**
     * Options with the default for {@code secure}.
     */
    public ChaosOptions(
        final long seed, final int durationS, final String faults, final boolean oneOfEach, final int clients,
        final int rate, final Path dir, final boolean keep)
    {
        this(seed, durationS, faults, oneOfEach, clients, rate, dir, keep, DEFAULT_SECURE);
    }

    public ChaosOptions
    {
        if (durationS < 20)
        {
            throw new IllegalArgumentException("--duration must be at least 20 seconds (3 s before the first fault " +
                "and at least 10 s of quiet at the end), got " + durationS);
        }
        if (clients < 1 || clients > 20)
        {
            throw new IllegalArgumentException("--clients must be between 1 and 20, got " + clients);
        }
        if (rate < 1)
        {
            throw new IllegalArgumentException("--rate must be positive, got " + rate);
        }
    }
}
