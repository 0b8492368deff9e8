package io.hedge.transport;

import io.aeron.logbuffer.ControlledFragmentHandler;
import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import io.aeron.logbuffer.FragmentHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The plumbing of member authentication without a media driver: the doors a role puts in front of its member
 * adapters, the seal a sender adds as a second part, the key setting read at conclude, and a key mismatch that shows
 * in the counter and the log instead of as a silent stall.
 */
class MemberSealingTest
{
    private static final byte[] KEY = key((byte)1);
    private static final byte[] OTHER_KEY = key((byte)2);

    private final SecurityCounters counters = SecurityCounters.inMemory("test member");
    private final AtomicCounter rejected = counters.memberMessagesRejected();
    private final List<String> delivered = new ArrayList<>();
    private final Path dir = Path.of("target", "member-sealing-test-" + System.nanoTime());

    @AfterEach
    void close() throws Exception
    {
        counters.close();
        org.agrona.IoUtil.delete(dir.toFile(), true);
    }

    private static byte[] key(final byte fill)
    {
        final byte[] key = new byte[32];
        Arrays.fill(key, fill);
        return key;
    }

    private final FragmentHandler recorder = (buffer, offset, length, header) ->
        delivered.add(buffer.getStringWithoutLengthAscii(offset, length));

    private static UnsafeBuffer message(final String text)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(256));
        buffer.putStringWithoutLengthAscii(0, text);
        return buffer;
    }

    @Test
    void withoutAKeyEverythingPassesUnchanged()
    {
        final MemberSealing off = MemberSealing.off();
        assertFalse(off.enabled());
        assertSame(recorder, off.wrap(recorder), "no door at all: the adapter is polled directly");
        final ControlledFragmentHandler controlled = (buffer, offset, length, header) -> Action.CONTINUE;
        assertSame(controlled, off.wrap(controlled));
    }

    @Test
    void aSealedMessagePassesWithoutItsSealAndAnythingElseIsCountedAndNotDelivered()
    {
        final MemberSealing sealing = new MemberSealing(KEY, rejected, "test member");
        assertTrue(sealing.enabled());
        final FragmentHandler door = sealing.wrap(recorder);

        final UnsafeBuffer buffer = message("heartbeat epoch 3");
        final int sealedLength = new MemberSeal(KEY).seal(buffer, 0, 17);
        door.onFragment(buffer, 0, sealedLength, null);
        assertEquals(List.of("heartbeat epoch 3"), delivered);
        assertEquals(0, rejected.get());

        door.onFragment(message("heartbeat epoch 999999"), 0, 22, null);                // unsealed
        final UnsafeBuffer forged = message("heartbeat epoch 999999");
        door.onFragment(forged, 0, new MemberSeal(OTHER_KEY).seal(forged, 0, 22), null); // another key
        buffer.putByte(3, (byte)'X');                                                     // altered after sealing
        door.onFragment(buffer, 0, sealedLength, null);
        door.onFragment(buffer, 0, 5, null);                                              // shorter than a seal
        assertEquals(List.of("heartbeat epoch 3"), delivered, "nothing unsealed reaches the adapter");
        assertEquals(4, rejected.get());
    }

    @Test
    void theControlledDoorPassesTheAdaptersActionAndContinuesPastARefusal()
    {
        final MemberSealing sealing = new MemberSealing(KEY, rejected, "test member");
        final ControlledFragmentHandler door = sealing.wrap((ControlledFragmentHandler)(buffer, offset, length, header) ->
        {
            delivered.add(buffer.getStringWithoutLengthAscii(offset, length));
            return Action.ABORT;
        });
        final UnsafeBuffer buffer = message("snapshot chunk");
        final int sealedLength = new MemberSeal(KEY).seal(buffer, 0, 14);
        assertEquals(Action.ABORT, door.onFragment(buffer, 0, sealedLength, null), "held, to be checked again");
        assertEquals(Action.CONTINUE, door.onFragment(message("snapshot chunk"), 0, 14 + MemberSeal.SEAL_LENGTH, null));
        assertEquals(List.of("snapshot chunk"), delivered);
        assertEquals(1, rejected.get());
    }

    @Test
    void sealToWritesTheSameSealAsSealWithoutTouchingTheMessage()
    {
        final MemberSeal seal = new MemberSeal(KEY);
        final UnsafeBuffer inPlace = message("a record read from a journal");
        final UnsafeBuffer borrowed = message("a record read from a journal");
        final int length = 28;
        seal.seal(inPlace, 0, length);
        final UnsafeBuffer trailer = new UnsafeBuffer(new byte[MemberSeal.SEAL_LENGTH]);
        seal.sealTo(borrowed, 0, length, trailer, 0);
        final byte[] expected = new byte[MemberSeal.SEAL_LENGTH];
        inPlace.getBytes(length, expected);
        assertArrayEquals(expected, trailer.byteArray());
        assertEquals(0, borrowed.getByte(length), "nothing written after the borrowed message");
    }

    @Test
    void aKeyMismatchIsCountedEveryTimeAndLoggedAtMostOnceASecond() throws Exception
    {
        final SealRejections rejections = new SealRejections(rejected, "replica 2 (site B)");
        int logged = 0;
        for (int i = 0; i < 10_000; i++)
        {
            logged += rejections.reject(null) ? 1 : 0;
        }
        assertEquals(10_000, rejected.get());
        assertEquals(1, logged, "one line for a burst, not one per message");
        Thread.sleep(SealRejections.LOG_INTERVAL_NS / 1_000_000 + 50);
        assertTrue(rejections.reject(null), "a mismatch that persists is said again after the interval");
        assertFalse(rejections.reject(null));
        assertEquals(10_002, rejected.get());
    }

    @Test
    void membersWithDifferentKeysRefuseEachOther()
    {
        final MemberSealing a = new MemberSealing(KEY, rejected, "gateway 1");
        final UnsafeBuffer buffer = message("sequenced 1");
        final int sealedLength = new MemberSeal(OTHER_KEY).seal(buffer, 0, 11);
        final FragmentHandler door = a.wrap(recorder);
        for (int i = 0; i < 3; i++)
        {
            door.onFragment(buffer, 0, sealedLength, null);
        }
        assertTrue(delivered.isEmpty());
        assertEquals(3, rejected.get());
    }

    private static final class MemberContext extends RoleContext<MemberContext>
    {
        @Override
        public String roleName()
        {
            return "test member";
        }

        @Override
        protected void concludeRole()
        {
        }

        @Override
        protected boolean isMember()
        {
            return true;
        }
    }

    private Path keyFile(final String firstLine, final String permissions) throws Exception
    {
        Files.createDirectories(dir);
        final Path file = dir.resolve("member.key");
        Files.writeString(file, firstLine + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        return file;
    }

    @Test
    void theKeyIsReadAtConcludeAndAMemberWithoutOneHasAuthenticationOff() throws Exception
    {
        final MemberContext off = new MemberContext().aeronDirectoryName("/dev/shm/x").conclude();
        assertFalse(off.memberAuthentication());
        assertFalse(off.newMemberSealing().enabled());

        final Path file = keyFile("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff", "rw-------");
        final MemberContext on = new MemberContext().aeronDirectoryName("/dev/shm/x").memberKeyFile(file.toString())
            .conclude();
        assertTrue(on.memberAuthentication());
        final MemberSealing sealing = on.newMemberSealing();
        assertTrue(sealing.enabled());
        assertNotNull(sealing.wrap(recorder));
    }

    @Test
    void aKeyFileThatCannotBeUsedIsAnErrorNamingTheSettingAndTheFileButNeverTheKey() throws Exception
    {
        final String secret = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
        final Path shared = keyFile(secret, "rw-r--r--");
        final IllegalArgumentException readable = assertThrows(IllegalArgumentException.class, () ->
            new MemberContext().aeronDirectoryName("/dev/shm/x").memberKeyFile(shared.toString()).conclude());
        assertTrue(readable.getMessage().startsWith("member.key.file: "), readable.getMessage());
        assertTrue(readable.getMessage().contains(shared.toString()), readable.getMessage());
        assertFalse(readable.getMessage().contains(secret));

        Files.delete(shared);
        final Path tooShort = keyFile("0011", "rw-------");
        final IllegalArgumentException shortKey = assertThrows(IllegalArgumentException.class, () ->
            new MemberContext().aeronDirectoryName("/dev/shm/x").memberKeyFile(tooShort.toString()).conclude());
        assertTrue(shortKey.getMessage().startsWith("member.key.file: "), shortKey.getMessage());

        final IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () ->
            new MemberContext().aeronDirectoryName("/dev/shm/x").memberKeyFile(dir.resolve("none").toString())
                .conclude());
        assertTrue(missing.getMessage().startsWith("member.key.file: "), missing.getMessage());
    }

    @Test
    void writeRandomMakesAKeyOnlyItsOwnerCanReadThatReadsBack() throws Exception
    {
        Files.createDirectories(dir);
        final Path file = dir.resolve("fresh.key");
        MemberKeyGenerator.writeRandom(file, 32);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(32, MemberKeyFile.read(file).length);
        final Path other = dir.resolve("other.key");
        MemberKeyGenerator.writeRandom(other, 32);
        assertFalse(Arrays.equals(MemberKeyFile.read(file), MemberKeyFile.read(other)), "fresh each time");
        assertThrows(IllegalArgumentException.class, () -> MemberKeyGenerator.writeRandom(file, 32), "never overwritten");
    }
}
