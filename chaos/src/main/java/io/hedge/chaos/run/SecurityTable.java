package io.hedge.chaos.run;

import io.hedge.chaos.forge.RoleCounters;
import io.hedge.transport.AeronDirs;
import io.hedge.transport.SecurityCounters;

import java.nio.file.Path;
import java.util.List;

/**
 * Every role's {@link SecurityCounters} at the end of a run, read from its media driver before the fabric is stopped:
 * what each member refused over the whole run (a role restarted during the run shows its last start's only).
 */
final class SecurityTable
{
    private static final int[] TYPE_IDS = {
        SecurityCounters.MEMBER_MESSAGES_REJECTED_TYPE_ID, SecurityCounters.EPOCH_JUMPS_REFUSED_TYPE_ID,
        SecurityCounters.LOGONS_REJECTED_TYPE_ID, SecurityCounters.CLIENT_ID_CLAIMS_REJECTED_TYPE_ID,
        SecurityCounters.REQUESTS_UNAUTHORIZED_TYPE_ID, SecurityCounters.MALFORMED_MESSAGES_DROPPED_TYPE_ID,
        SecurityCounters.SOURCE_LIMIT_DROPS_TYPE_ID, SecurityCounters.UNKNOWN_MEMBER_MESSAGES_TYPE_ID};
    private static final String[] NAMES = {
        "member messages rejected", "epoch jumps refused", "logons rejected", "client id claims rejected",
        "requests unauthorized", "malformed dropped", "source limit drops", "unknown members"};

    private SecurityTable()
    {
    }

    /**
     * @return one line per gateway, replica and the sink: its non-zero counters, or "nothing refused", or that its
     * driver could not be read.
     */
    static String read(final List<RoleId> roles, final Path fabricDir)
    {
        final Path aeronRoot = AeronDirs.rootFor(fabricDir);
        final StringBuilder sb = new StringBuilder("  security counters at the end (refused over the run):\n");
        for (final RoleId role : roles)
        {
            if (role.kind() == RoleKind.CLIENT || role.kind() == RoleKind.FORGER)
            {
                continue;
            }
            final Path aeronDir = RoleCounters.aeronDirOf(aeronRoot, ChaosRun.roleDir(Path.of(""), role)
                .getFileName().toString());
            sb.append("    ").append(String.format("%-10s", role.name()));
            try (RoleCounters counters = RoleCounters.open(aeronDir))
            {
                if (null == counters)
                {
                    sb.append("media driver not readable\n");
                    continue;
                }
                final StringBuilder line = new StringBuilder();
                for (int i = 0; i < TYPE_IDS.length; i++)
                {
                    final long value = counters.security(TYPE_IDS[i]);
                    if (0 != value)
                    {
                        line.append(line.length() > 0 ? ", " : "").append(NAMES[i]).append(' ').append(value);
                    }
                }
                sb.append(line.length() > 0 ? line : "nothing refused").append('\n');
            }
        }
        return sb.toString();
    }
}
