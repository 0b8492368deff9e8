package io.hedge.transport;

import io.aeron.logbuffer.FragmentHandler;
import org.agrona.BitUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemberSealTest
{
    private static final byte[] KEY = BitUtil.fromHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

    @Test
    void theSealIsHmacSha256TruncatedTo128BitsAsRfc4231Gives()
    {
        final byte[] key = new byte[20];
        Arrays.fill(key, (byte)0x0b);
        assertSealIs(key, "Hi There", "b0344c61d8db38535ca8afceaf0bf12b");

        final byte[] longKey = new byte[131];
        Arrays.fill(longKey, (byte)0xaa);
        assertSealIs(longKey, "Test Using Larger Than Block-Size Key - Hash Key First", "60e431591ee0b67f0d8a26aacbf5b77f");
    }

    @Test
    void heapAndDirectBuffersOfEveryLengthSealAsJavaxCryptoDoes() throws Exception
    {
        final MemberSeal seal = new MemberSeal(KEY);
        final Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        final Random random = new Random(7);
        for (final int length : new int[] {0, 1, 63, 64, 65, 1023, 1024, 1025, 3000})
        {
            final byte[] message = new byte[length];
            random.nextBytes(message);
            final byte[] expected = Arrays.copyOf(mac.doFinal(message), MemberSeal.SEAL_LENGTH);
            for (final UnsafeBuffer buffer : new UnsafeBuffer[] {
                new UnsafeBuffer(new byte[length + 40], 7, length + 33),
                new UnsafeBuffer(ByteBuffer.allocateDirect(length + 40))})
            {
                buffer.putBytes(3, message);
                assertEquals(length + MemberSeal.SEAL_LENGTH, seal.seal(buffer, 3, length));
                final byte[] actual = new byte[MemberSeal.SEAL_LENGTH];
                buffer.getBytes(3 + length, actual);
                assertArrayEquals(expected, actual, "length " + length);
                assertTrue(seal.verify(buffer, 3, length + MemberSeal.SEAL_LENGTH));
            }
        }
    }

    @Test
    void anyChangedByteAWrongKeyOrATruncationIsRefused()
    {
        final MemberSeal seal = new MemberSeal(KEY);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[128]);
        final byte[] message = "GatewayHeartbeat epoch=7 lastSeq=1234".getBytes(StandardCharsets.US_ASCII);
        buffer.putBytes(0, message);
        final int sealed = seal.seal(buffer, 0, message.length);
        for (int i = 0; i < sealed; i++)
        {
            final byte original = buffer.getByte(i);
            buffer.putByte(i, (byte)(original ^ 0x01));
            assertFalse(seal.verify(buffer, 0, sealed), "byte " + i + " changed");
            buffer.putByte(i, original);
        }
        assertTrue(seal.verify(buffer, 0, sealed));
        assertFalse(seal.verify(buffer, 0, sealed - 1));
        assertFalse(seal.verify(buffer, 0, MemberSeal.SEAL_LENGTH - 1));

        final byte[] otherKey = KEY.clone();
        otherKey[31] ^= 0x40;
        assertFalse(new MemberSeal(otherKey).verify(buffer, 0, sealed));
    }

    @Test
    void aShortKeyIsRefused()
    {
        assertThrows(IllegalArgumentException.class, () -> new MemberSeal(new byte[MemberSeal.MIN_KEY_LENGTH - 1]));
    }

    @Test
    void theHandlerPassesOnSealedMessagesWithoutTheirSealAndCountsTheRest()
    {
        final MemberSeal seal = new MemberSeal(KEY);
        final AtomicCounter rejected = SecurityCounters.inMemory("gateway 1").memberMessagesRejected();
        final List<String> passed = new ArrayList<>();
        final FragmentHandler adapter = (buffer, offset, length, header) ->
            passed.add(buffer.getStringWithoutLengthAscii(offset, length));
        final FragmentHandler door = SealedFragmentHandler.wrap(seal, adapter, rejected);

        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        final int length = buffer.putStringWithoutLengthAscii(0, "vote");
        door.onFragment(buffer, 0, seal.seal(buffer, 0, length), null);
        door.onFragment(buffer, 0, length, null);
        buffer.putByte(0, (byte)'V');
        door.onFragment(buffer, 0, length + MemberSeal.SEAL_LENGTH, null);

        assertEquals(List.of("vote"), passed);
        assertEquals(2, rejected.get());
        assertTrue(adapter == SealedFragmentHandler.wrap(null, adapter, rejected), "no key: no door");
    }

    @Test
    void aKeyFileIsReadAsHexAndRefusedWhenSharedShortOrNotHex(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("member.key");
        Files.writeString(file, BitUtil.toHex(KEY) + "\nignored\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertArrayEquals(KEY, MemberKeyFile.read(file));

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        final IllegalArgumentException shared = assertThrows(IllegalArgumentException.class, () -> MemberKeyFile.read(file));
        assertTrue(shared.getMessage().contains("chmod 600"), shared.getMessage());
        assertFalse(shared.getMessage().contains(BitUtil.toHex(KEY)), "the key is never in a message");

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(file, "00112233445566778899aabbccddee\n");
        assertThrows(IllegalArgumentException.class, () -> MemberKeyFile.read(file));
        Files.writeString(file, "zz112233445566778899aabbccddeeff00\n");
        assertThrows(IllegalArgumentException.class, () -> MemberKeyFile.read(file));
        assertThrows(IllegalArgumentException.class, () -> MemberKeyFile.read(dir.resolve("missing.key")));
    }

    private static void assertSealIs(final byte[] key, final String message, final String expectedHex)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        final int length = buffer.putStringWithoutLengthAscii(0, message);
        new MemberSeal(key).seal(buffer, 0, length);
        final byte[] actual = new byte[MemberSeal.SEAL_LENGTH];
        buffer.getBytes(length, actual);
        assertEquals(expectedHex, BitUtil.toHex(actual));
    }
}
