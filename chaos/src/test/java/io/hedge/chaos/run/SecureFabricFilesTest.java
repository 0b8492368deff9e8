package io.hedge.chaos.run;

import io.hedge.transport.MemberKeyFile;
import io.hedge.transport.PrivateFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecureFabricFilesTest
{
    private static final Pattern PRINCIPAL = Pattern.compile(
        "([A-Za-z0-9_.-]{1,64}) id=(\\d+) secret=(\\S{16,}) permissions=((?:submit|query|status|admin|metrics)" +
        "(?:,(?:submit|query|status|admin|metrics))*)");

    @Test
    void aSecureRunsFilesFollowTheContractsAndOnlyTheirOwnerReadsThem(@TempDir final Path dir) throws Exception
    {
        final SecureFabricFiles files = SecureFabricFiles.write(dir.resolve("secrets"), 3);

        // contract 7: the member key, at least 32 hex characters on the first line
        final byte[] key = MemberKeyFile.read(files.memberKey());
        assertEquals(32, key.length);
        // contract 6: one principal per client and the probes', each secret also in its own file
        final List<String> lines = Files.readAllLines(files.principals()).stream()
            .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertEquals(4, lines.size(), lines.toString());
        for (int n = 1; n <= 3; n++)
        {
            final Matcher m = PRINCIPAL.matcher(lines.get(n - 1));
            assertTrue(m.matches(), lines.get(n - 1));
            assertEquals(SecureFabricFiles.principal(n), m.group(1));
            assertEquals(Integer.toString(n), m.group(2));
            assertEquals("submit,query,status", m.group(4));
            assertEquals(m.group(3), Files.readAllLines(files.secretOf(m.group(1))).get(0));
        }
        final Matcher probe = PRINCIPAL.matcher(lines.get(3));
        assertTrue(probe.matches(), lines.get(3));
        assertEquals(SecureFabricFiles.PROBE_PRINCIPAL, probe.group(1));
        assertNotEquals(Files.readAllLines(files.secretOf("chaos-client-1")).get(0),
            Files.readAllLines(files.secretOf("chaos-client-2")).get(0));
        for (final Path file : List.of(files.memberKey(), files.principals(), files.secretOf("chaos-client-2"),
            files.secretOf(SecureFabricFiles.PROBE_PRINCIPAL)))
        {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), file.toString());
            PrivateFiles.checkPrivate(file, "test");
        }
        assertThrows(IllegalArgumentException.class, () -> files.secretOf("chaos-client-4"));

        // every run its own secrets
        final SecureFabricFiles again = SecureFabricFiles.write(dir.resolve("again"), 3);
        assertNotEquals(Files.readString(files.memberKey()), Files.readString(again.memberKey()));
    }
}
