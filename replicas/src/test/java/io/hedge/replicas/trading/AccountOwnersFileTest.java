package io.hedge.replicas.trading;

import org.agrona.IoUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The account owners file: its format, and every way of getting it wrong refused at start with the file and line.
 */
class AccountOwnersFileTest
{
    private final Path dir = Path.of("target", "test-work", "account-owners-" + System.nanoTime());

    @AfterEach
    void delete()
    {
        IoUtil.delete(dir.toFile(), true);
    }

    @Test
    void readsIdsRangesCommentsAndSeveralLinesPerPrincipal() throws IOException
    {
        final Path file = write("# owners\n\n7 1-3,5   # alice\n8\t4\n7 6 , 8-9\n");
        final AccountOwners owners = AccountOwnersFile.load(file.toString(), 10);
        assertFalse(owners.isUnrestricted());
        assertEquals(10, owners.accounts());
        final int[] expected = {0, 7, 7, 7, 8, 7, 7, 0, 7, 7, 0};
        for (int account = 1; account <= 10; account++)
        {
            assertEquals(expected[account], owners.ownerOf(account), "account " + account);
        }
        assertTrue(owners.mayUse(7, 5));
        assertFalse(owners.mayUse(8, 5));
        assertFalse(owners.mayUse(7, 10), "an account no line names belongs to nobody");
        assertFalse(owners.mayUse(0, 1), "the anonymous principal owns nothing");
    }

    @Test
    void anEmptySettingMeansAnyPrincipalMayUseAnyAccount()
    {
        assertSame(AccountOwners.ANY, AccountOwnersFile.load("", 10));
        assertTrue(AccountOwners.ANY.mayUse(0, 3));
        assertTrue(AccountOwners.ANY.mayUse(9, 3));
    }

    @Test
    void badFilesAreRefusedWithTheFileAndLine() throws IOException
    {
        refused("7 1-3\n8 3\n", "line 2: account 3 is owned by principal 7 (line 1) and by principal 8");
        refused("# c\n7 1,11\n", "line 2: unknown account 11 in '11': the engine has accounts 1..10");
        refused("7 0\n", "line 1: unknown account 0");
        refused("7\n", "line 1: expected '<principalId> <accounts>'");
        refused("alice 1\n", "line 1: principal id 'alice' is not a number");
        refused("0 1\n", "line 1: principal id 0 is outside 1..65535");
        refused("65536 1\n", "line 1: principal id 65536 is outside 1..65535");
        refused("7 5-2\n", "line 1: account range 5-2 runs backwards");
        refused("7 1,,2\n", "line 1: empty entry in the account list");
        refused("7 1-x\n", "line 1: account id 'x' is not a number");
        refused("# nothing\n\n", "names no account");
    }

    @Test
    void aMissingFileIsRefusedNamingIt()
    {
        final Path missing = dir.resolve("missing");
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> AccountOwnersFile.load(missing.toString(), 10));
        assertTrue(ex.getMessage().startsWith("setting 'trading.account.owners': account owners file " + missing +
            " cannot be read"), ex.getMessage());
    }

    @Test
    void theHashIsEqualForEqualTablesOnly()
    {
        final long hash = AccountOwnersFile.parse("a", List.of("7 1-2", "8 3"), 4).hash();
        assertEquals(hash, AccountOwnersFile.parse("b", List.of("8 3", "7 2,1"), 4).hash());
        assertTrue(hash != AccountOwnersFile.parse("c", List.of("7 1-3"), 4).hash());
        assertTrue(hash != AccountOwnersFile.parse("d", List.of("7 1-2", "8 3"), 5).hash(), "another account count");
    }

    private void refused(final String text, final String expected) throws IOException
    {
        final Path file = write(text);
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> AccountOwnersFile.load(file.toString(), 10), text);
        assertTrue(ex.getMessage().startsWith("setting 'trading.account.owners': account owners file " + file + " "),
            ex.getMessage());
        assertTrue(ex.getMessage().contains(expected), ex.getMessage());
    }

    private Path write(final String text) throws IOException
    {
        Files.createDirectories(dir);
        final Path file = Files.createTempFile(dir, "owners", ".txt");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }
}
