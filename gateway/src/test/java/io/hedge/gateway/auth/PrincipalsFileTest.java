package io.hedge.gateway.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The principals file (contract 6): what it accepts, and that every bad line is refused with the file, the line
 * number and what is wrong, never the secret.
 */
class PrincipalsFileTest
{
    private static final Path FILE = Path.of("/etc/hedge/principals");
    private static final String SECRET = "s3cret-of-alice-0123";

    @TempDir
    Path dir;

    @Test
    void aGoodFileGivesEachPrincipalItsIdSecretAndPermissions()
    {
        final PrincipalsFile file = PrincipalsFile.parse(FILE, List.of(
            "# traders",
            "",
            "alice id=1 secret=" + SECRET + " permissions=submit,query   # the desk",
            "   bob.b-2_ permissions=status id=65535 secret=0123456789abcdef#x",
            "ops id=7 secret=ops-secret-0123456 permissions=admin,metrics,status"));
        assertEquals(3, file.entries().size());
        final Principal alice = file.byName("alice").principal();
        assertEquals(1, alice.id());
        assertTrue(alice.may(Permission.SUBMIT) && alice.may(Permission.QUERY));
        assertFalse(alice.may(Permission.STATUS) || alice.may(Permission.ADMIN) || alice.may(Permission.METRICS));
        assertEquals(SECRET, new String(file.byName("alice").secret()));
        final PrincipalsFile.Entry bob = file.byName("bob.b-2_");
        assertEquals(65535, bob.principal().id());
        assertEquals("0123456789abcdef#x", new String(bob.secret()), "a # inside a word is part of it");
        assertTrue(bob.principal().may(Permission.STATUS) && !bob.principal().may(Permission.SUBMIT));
        final Principal ops = file.byName("ops").principal();
        assertTrue(ops.may(Permission.ADMIN) && ops.may(Permission.METRICS) && !ops.may(Permission.SUBMIT));
        assertFalse(file.entries().toString().contains(SECRET), "an entry prints without its secret");
    }

    @Test
    void everyKindOfBadLineIsRefusedWithItsLineNumberAndNeverTheSecret()
    {
        refused("line 2: the name must be", "bad/name id=2 secret=" + SECRET + " permissions=submit");
        refused("line 2: the name must be", "id=2 secret=" + SECRET + " permissions=submit");
        refused("line 2: the name must be", "a".repeat(65) + " id=2 secret=" + SECRET + " permissions=submit");
        refused("line 2: principal 'x' needs id=, secret= and permissions=", "x secret=" + SECRET + " permissions=submit");
        refused("line 2: principal 'x' needs", "x id=2 permissions=submit");
        refused("line 2: principal 'x' needs", "x id=2 secret=" + SECRET);
        refused("line 2: id must be from 1 to 65535", "x id=0 secret=" + SECRET + " permissions=submit");
        refused("line 2: id must be from 1 to 65535", "x id=65536 secret=" + SECRET + " permissions=submit");
        refused("line 2: id must be a number", "x id=two secret=" + SECRET + " permissions=submit");
        refused("line 2: the secret of 'x' is shorter than 16", "x id=2 secret=short permissions=submit");
        refused("line 2: unknown permission 'trade'", "x id=2 secret=" + SECRET + " permissions=submit,trade");
        refused("line 2: unknown permission ''", "x id=2 secret=" + SECRET + " permissions=");
        refused("line 2: unknown key in word 3", "x id=2 secrit=" + SECRET + " permissions=submit");
        refused("line 2: word 3 is not key=value", "x id=2 " + SECRET + " permissions=submit");
        refused("line 2: id= is given twice", "x id=2 id=3 secret=" + SECRET + " permissions=submit");
        refused("line 2: principal 'alice' is already defined on line 1",
            "alice id=2 secret=" + SECRET + " permissions=submit");
        refused("line 2: id 1 is already used on line 1", "bob id=1 secret=" + SECRET + " permissions=submit");
    }

    private static void refused(final String expected, final String line)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> PrincipalsFile.parse(
            FILE, List.of("alice id=1 secret=other-secret-0123456 permissions=submit", line)), line);
        assertTrue(ex.getMessage().startsWith("gateway.principals.file: " + FILE + " "), ex.getMessage());
        assertTrue(ex.getMessage().contains(expected), ex.getMessage());
        assertFalse(ex.getMessage().contains(SECRET) || ex.getMessage().contains("other-secret"),
            "never the secret: " + ex.getMessage());
    }

    @Test
    void aFileWithoutPrincipalsIsRefused()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> PrincipalsFile.parse(FILE, List.of("# nobody", "")));
        assertTrue(ex.getMessage().contains("defines no principal"), ex.getMessage());
    }

    @Test
    void aFileGroupOrOthersMayReadIsRefusedAndAPrivateOneIsRead() throws IOException
    {
        final Path file = dir.resolve("principals");
        Files.writeString(file, "alice id=1 secret=" + SECRET + " permissions=submit\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> PrincipalsFile.read(file));
        assertTrue(ex.getMessage().contains(file.toString()) && ex.getMessage().contains("chmod 600"), ex.getMessage());
        assertFalse(ex.getMessage().contains(SECRET));

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertEquals(1, PrincipalsFile.read(file).byName("alice").principal().id());
    }

    @Test
    void theSettingsChooseTheAuthenticator() throws IOException
    {
        assertTrue(Authenticators.select("none", null) instanceof NoneAuthenticator);
        assertTrue(Authenticators.select(NoneAuthenticator.class.getName(), null) instanceof NoneAuthenticator,
            "a class name");
        final IllegalArgumentException noFile = assertThrows(IllegalArgumentException.class,
            () -> Authenticators.select("file", null));
        assertTrue(noFile.getMessage().contains("gateway.principals.file is required"), noFile.getMessage());
        final IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
            () -> Authenticators.select("ldap", null));
        assertTrue(unknown.getMessage().startsWith("gateway.authenticator must be 'none', 'file'"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Authenticators.select(String.class.getName(), null));

        final Path file = dir.resolve("p");
        Files.writeString(file, "alice id=1 secret=" + SECRET + " permissions=submit\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertTrue(Authenticators.select("file", file) instanceof FileAuthenticator);
    }
}
