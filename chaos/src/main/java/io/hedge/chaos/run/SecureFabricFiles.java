package io.hedge.chaos.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The secrets of a secure chaos run, in its run directory: the cluster's member key (every gateway, replica and the
 * effects sink hold it), a principals file for the gateways (one principal per chaos client, and one for the status
 * probes), and each principal's secret in a file of its own for its client. Fresh random values for every run; every
 * file readable by its owner only, as the roles require.
 */
public final class SecureFabricFiles
{
    /** The principal the status probes log on as: they only ask for the fabric's status. */
    public static final String PROBE_PRINCIPAL = "chaos-probe";
    private static final int PROBE_PRINCIPAL_ID = 1000;
    private static final int KEY_BYTES = 32;
    private static final int SECRET_BYTES = 24;

    private final Path memberKey;
    private final Path principals;
    private final Map<String, Path> secrets;

    private SecureFabricFiles(final Path memberKey, final Path principals, final Map<String, Path> secrets)
    {
        this.memberKey = memberKey;
        this.principals = principals;
        this.secrets = secrets;
    }

    /**
     * @param dir     where to write them (the run directory's {@code secrets}).
     * @param clients the number of chaos clients; client n logs on as {@link #principal(int)}.
     */
    public static SecureFabricFiles write(final Path dir, final int clients) throws IOException
    {
        final SecureRandom random = new SecureRandom();
        final HexFormat hex = HexFormat.of();
        Files.createDirectories(dir);
        final Path memberKey = dir.resolve("member.key");
        writePrivate(memberKey, hex.formatHex(bytes(random, KEY_BYTES)) + "\n");
        final Map<String, Path> secrets = new LinkedHashMap<>();
        final List<String> lines = new ArrayList<>();
        lines.add("# hedge chaos: one principal per chaos client, and the status probes'");
        for (int n = 1; n <= clients; n++)
        {
            lines.add(principalLine(principal(n), n, hex.formatHex(bytes(random, SECRET_BYTES)),
                "submit,query,status", dir, secrets));
        }
        lines.add(principalLine(PROBE_PRINCIPAL, PROBE_PRINCIPAL_ID, hex.formatHex(bytes(random, SECRET_BYTES)),
            "query,status", dir, secrets));
        final Path principals = dir.resolve("principals");
        writePrivate(principals, String.join("\n", lines) + "\n");
        return new SecureFabricFiles(memberKey, principals, secrets);
    }

    /**
     * @return the principal chaos client n logs on as.
     */
    public static String principal(final int clientNumber)
    {
        return "chaos-client-" + clientNumber;
    }

    public Path memberKey()
    {
        return memberKey;
    }

    public Path principals()
    {
        return principals;
    }

    /**
     * @return the file holding the principal's secret.
     */
    public Path secretOf(final String principal)
    {
        final Path file = secrets.get(principal);
        if (null == file)
        {
            throw new IllegalArgumentException("no principal '" + principal + "' in " + principals);
        }
        return file;
    }

    private static String principalLine(final String name, final int id, final String secret, final String permissions,
        final Path dir, final Map<String, Path> secrets) throws IOException
    {
        final Path secretFile = dir.resolve(name + ".secret");
        writePrivate(secretFile, secret + "\n");
        secrets.put(name, secretFile);
        return name + " id=" + id + " secret=" + secret + " permissions=" + permissions;
    }

    private static byte[] bytes(final SecureRandom random, final int length)
    {
        final byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    /**
     * Create the file readable and writable by its owner only before anything secret is in it.
     */
    private static void writePrivate(final Path file, final String content) throws IOException
    {
        Files.deleteIfExists(file);
        try
        {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        catch (final UnsupportedOperationException ex)
        {
            Files.createFile(file);
        }
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }
}
