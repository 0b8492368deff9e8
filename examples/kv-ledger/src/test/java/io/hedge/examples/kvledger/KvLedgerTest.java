package io.hedge.examples.kvledger;

import io.hedge.examples.kvledger.codecs.KvStatus;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ledger's rules, its determinism (two instances fed the same requests answer byte for byte alike), its snapshot
 * round trip (a ledger loaded from a snapshot goes on exactly as the one that wrote it) and a full state hash that
 * depends on the entries only, checked against a plain map as the model.
 */
class KvLedgerTest
{
    private final KvRequests requests = new KvRequests();
    private final ExpandableArrayBuffer request = new ExpandableArrayBuffer(512);
    private final UnsafeBuffer response = new UnsafeBuffer(new byte[4096]);
    private long seq;

    private static byte[] b(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private KvResult put(final KvLedger ledger, final String key, final String value)
    {
        return apply(ledger, requests.put(request, 0, b(key), b(value)));
    }

    private KvResult get(final KvLedger ledger, final String key)
    {
        return apply(ledger, requests.get(request, 0, b(key)));
    }

    private KvResult cas(final KvLedger ledger, final String key, final long expected, final String value)
    {
        return apply(ledger, requests.compareAndSet(request, 0, b(key), expected, b(value)));
    }

    private KvResult delete(final KvLedger ledger, final String key)
    {
        return apply(ledger, requests.delete(request, 0, b(key)));
    }

    private KvResult apply(final KvLedger ledger, final int length)
    {
        final int written = ledger.apply(++seq, 0, 1, 0, request, 0, length, response, 0);
        assertTrue(written <= ledger.maxResponseLength(), "within the declared bound");
        return KvResult.decode(response, 0, written);
    }

    @Test
    void putGetCasAndDeleteFollowTheRules()
    {
        final KvLedger ledger = new KvLedger(new Properties());
        assertEquals(new KvResult(KvStatus.NOT_FOUND, 0, new byte[0]).toString(), get(ledger, "a").toString());

        final KvResult created = put(ledger, "a", "1");
        assertEquals(KvStatus.OK, created.status());
        assertEquals(seq, created.version(), "the version is the seq of the write");
        final KvResult read = get(ledger, "a");
        assertEquals(KvStatus.OK, read.status());
        assertEquals(created.version(), read.version());
        assertEquals("1", read.valueText());

        final KvResult stale = cas(ledger, "a", created.version() + 100, "x");
        assertEquals(KvStatus.VERSION_MISMATCH, stale.status());
        assertEquals(created.version(), stale.version(), "a mismatch tells the current version");
        assertEquals("1", get(ledger, "a").valueText(), "a failed CAS changes nothing");

        final KvResult swapped = cas(ledger, "a", created.version(), "2");
        assertEquals(KvStatus.OK, swapped.status());
        assertEquals(seq, swapped.version());
        assertEquals(KvStatus.VERSION_MISMATCH, cas(ledger, "a", created.version(), "3").status(),
            "the old version no longer matches");
        assertEquals(KvStatus.VERSION_MISMATCH, cas(ledger, "a", 0, "3").status(), "0 expects an absent key");
        assertEquals(KvStatus.OK, cas(ledger, "b", 0, "new").status(), "0 creates an absent key");

        final KvResult removed = delete(ledger, "a");
        assertEquals(KvStatus.OK, removed.status());
        assertEquals(swapped.version(), removed.version(), "a delete answers the version it removed");
        assertEquals(KvStatus.NOT_FOUND, delete(ledger, "a").status());
        assertEquals(KvStatus.VERSION_MISMATCH, cas(ledger, "a", swapped.version(), "again").status(),
            "a version from before the delete never matches again");
        assertEquals(1, ledger.size());
    }

    @Test
    void badKeysValuesAndAFullLedgerAreRefusedWithoutChange()
    {
        final Properties properties = new Properties();
        properties.setProperty(KvLedger.MAX_KEYS, "2");
        properties.setProperty(KvLedger.MAX_VALUE_LENGTH, "4");
        final KvLedger ledger = new KvLedger(properties);
        assertEquals(KvStatus.INVALID_KEY, put(ledger, "", "v").status());
        assertEquals(KvStatus.INVALID_KEY, put(ledger, "k".repeat(65), "v").status());
        assertEquals(KvStatus.VALUE_TOO_LONG, put(ledger, "k", "12345").status());
        assertEquals(KvStatus.OK, put(ledger, "k1", "1234").status());
        assertEquals(KvStatus.OK, put(ledger, "k2", "").status());
        assertEquals(KvStatus.FULL, put(ledger, "k3", "1").status());
        assertEquals(KvStatus.FULL, cas(ledger, "k3", 0, "1").status());
        assertEquals(KvStatus.OK, put(ledger, "k2", "2").status(), "an existing key is no new entry");
        assertEquals(2, ledger.size());
        assertEquals(KvStatus.OK, delete(ledger, "k1").status());
        assertEquals(KvStatus.OK, put(ledger, "k3", "3").status(), "a deleted key's room is free again");
    }

    @Test
    void noBytesMakeItThrow()
    {
        final KvLedger ledger = new KvLedger(100, 16);
        final SplittableRandom random = new SplittableRandom(7);
        final byte[] bytes = new byte[64];
        final UnsafeBuffer payload = new UnsafeBuffer(bytes);
        final int putLength = requests.put(request, 0, b("key"), b("value"));
        for (int i = 0; i < 20_000; i++)
        {
            final int length = random.nextInt(bytes.length + 1);
            if (i % 2 == 0)
            {
                random.nextBytes(bytes);
                bytes[2] = (byte)random.nextInt(12); // a template, known or not
                bytes[3] = 0;
                bytes[4] = 0x1E; // schema 7710 = 0x1E1E, so that the decoders are reached
                bytes[5] = 0x1E;
            }
            else
            {
                request.getBytes(0, bytes, 0, putLength); // a valid put, cut short or followed by garbage
                bytes[random.nextInt(putLength)] = (byte)random.nextInt(256);
            }
            final int written = ledger.apply(i + 1, 0, 1, 0, payload, 0, length, response, 0);
            final KvStatus status = KvResult.decode(response, 0, written).status();
            assertTrue(written <= ledger.maxResponseLength());
            assertTrue(status != KvStatus.NULL_VAL, "a status: " + status);
        }
        assertEquals(KvStatus.MALFORMED, KvResult.decode(response, 0,
            ledger.apply(1, 0, 1, 0, payload, 0, 3, response, 0)).status());
    }

    @Test
    void twoLedgersFedTheSameRequestsAnswerAlikeAndMatchAPlainMap()
    {
        final KvLedger one = new KvLedger(200, 32);
        final KvLedger two = new KvLedger(200, 32);
        final Map<String, long[]> versions = new HashMap<>();
        final Map<String, String> values = new HashMap<>();
        final SplittableRandom random = new SplittableRandom(42);
        final UnsafeBuffer other = new UnsafeBuffer(new byte[4096]);
        for (int i = 0; i < 30_000; i++)
        {
            final String key = "key-" + random.nextInt(300);
            final String value = "v" + random.nextInt(1_000_000);
            final int kind = random.nextInt(4);
            final long current = versions.containsKey(key) ? versions.get(key)[0] : 0;
            final long expected = random.nextBoolean() ? current : random.nextInt(3);
            final int length = switch (kind)
            {
                case 0 -> requests.put(request, 0, b(key), b(value));
                case 1 -> requests.get(request, 0, b(key));
                case 2 -> requests.compareAndSet(request, 0, b(key), expected, b(value));
                default -> requests.delete(request, 0, b(key));
            };
            seq++;
            final int written = one.apply(seq, i, 1, 0, request, 0, length, response, 0);
            final int writtenToo = two.apply(seq, i, 1, 0, request, 0, length, other, 0);
            assertEquals(written, writtenToo);
            final byte[] a = new byte[written];
            final byte[] c = new byte[written];
            response.getBytes(0, a);
            other.getBytes(0, c);
            assertArrayEquals(a, c, "seq " + seq);

            final KvResult result = KvResult.decode(a);
            final boolean fits = versions.containsKey(key) || versions.size() < 200;
            switch (kind)
            {
                case 0 ->
                {
                    assertEquals(fits ? KvStatus.OK : KvStatus.FULL, result.status());
                    if (fits)
                    {
                        versions.put(key, new long[]{seq});
                        values.put(key, value);
                    }
                }
                case 1 ->
                {
                    assertEquals(current == 0 ? KvStatus.NOT_FOUND : KvStatus.OK, result.status());
                    assertEquals(current, result.version());
                    assertEquals(current == 0 ? "" : values.get(key), result.valueText());
                }
                case 2 ->
                {
                    final KvStatus want = expected != current ? KvStatus.VERSION_MISMATCH :
                        fits ? KvStatus.OK : KvStatus.FULL;
                    assertEquals(want, result.status(), "cas " + key + " expecting " + expected + " at " + current);
                    if (KvStatus.OK == want)
                    {
                        versions.put(key, new long[]{seq});
                        values.put(key, value);
                    }
                }
                default ->
                {
                    assertEquals(current == 0 ? KvStatus.NOT_FOUND : KvStatus.OK, result.status());
                    versions.remove(key);
                    values.remove(key);
                }
            }
            assertEquals(versions.size(), one.size());
        }
        assertEquals(one.fullStateHash(), two.fullStateHash());
    }

    @Test
    void aLedgerLoadedFromASnapshotGoesOnExactlyAsTheOneThatWroteIt()
    {
        final KvLedger original = new KvLedger(500, 64);
        final SplittableRandom random = new SplittableRandom(3);
        final List<Integer> lengths = new ArrayList<>();
        final List<byte[]> stream = new ArrayList<>();
        for (int i = 0; i < 6_000; i++)
        {
            final String key = "k" + random.nextInt(600);
            final int length = switch (random.nextInt(4))
            {
                case 0, 1 -> requests.put(request, 0, b(key), b("v" + i));
                case 2 -> requests.compareAndSet(request, 0, b(key), random.nextInt(i + 1), b("c" + i));
                default -> requests.delete(request, 0, b(key));
            };
            final byte[] copy = new byte[length];
            request.getBytes(0, copy);
            stream.add(copy);
            lengths.add(length);
        }
        for (int i = 0; i < 3_000; i++)
        {
            original.apply(i + 1, 0, 1, 0, new UnsafeBuffer(stream.get(i)), 0, lengths.get(i), response, 0);
        }
        final ExpandableDirectByteBuffer snapshot = new ExpandableDirectByteBuffer(64);
        final int snapshotLength = original.writeSnapshot(snapshot, 16);
        final KvLedger loaded = new KvLedger(500, 64);
        loaded.loadSnapshot(snapshot, 16, snapshotLength);
        assertEquals(original.fullStateHash(), loaded.fullStateHash());
        assertEquals(original.size(), loaded.size());
        final ExpandableDirectByteBuffer again = new ExpandableDirectByteBuffer(64);
        assertEquals(snapshotLength, loaded.writeSnapshot(again, 0));
        assertEquals(0, compare(snapshot, 16, again, 0, snapshotLength), "the loaded ledger writes the same bytes");

        final UnsafeBuffer other = new UnsafeBuffer(new byte[4096]);
        for (int i = 3_000; i < stream.size(); i++)
        {
            final UnsafeBuffer payload = new UnsafeBuffer(stream.get(i));
            final int a = original.apply(i + 1, 0, 1, 0, payload, 0, lengths.get(i), response, 0);
            final int c = loaded.apply(i + 1, 0, 1, 0, payload, 0, lengths.get(i), other, 0);
            assertEquals(a, c);
            assertEquals(0, compare(response, 0, other, 0, a), "seq " + (i + 1));
        }
        assertEquals(original.fullStateHash(), loaded.fullStateHash());
    }

    private static int compare(
        final org.agrona.DirectBuffer a, final int aOffset, final org.agrona.DirectBuffer b, final int bOffset,
        final int length)
    {
        for (int i = 0; i < length; i++)
        {
            if (a.getByte(aOffset + i) != b.getByte(bOffset + i))
            {
                return i + 1;
            }
        }
        return 0;
    }

    @Test
    void theFullStateHashAndSnapshotDependOnTheEntriesNotOnTheirHistory()
    {
        final KvLedger direct = new KvLedger(50, 16);
        final KvLedger roundabout = new KvLedger(50, 16);
        final int putX = requests.put(request, 0, b("x"), b("1"));
        final byte[] x = Arrays.copyOf(request.byteArray(), putX);
        final int putY = requests.put(request, 0, b("y"), b("2"));
        final byte[] y = Arrays.copyOf(request.byteArray(), putY);
        final int delZ = requests.delete(request, 0, b("z"));
        final byte[] dz = Arrays.copyOf(request.byteArray(), delZ);
        final int putZ = requests.put(request, 0, b("z"), b("3"));
        final byte[] z = Arrays.copyOf(request.byteArray(), putZ);

        // the same entries (x at version 10, y at 20) reached in a different order and through a deleted key
        direct.apply(10, 0, 1, 0, new UnsafeBuffer(x), 0, putX, response, 0);
        direct.apply(20, 0, 1, 0, new UnsafeBuffer(y), 0, putY, response, 0);
        roundabout.apply(5, 0, 1, 0, new UnsafeBuffer(z), 0, putZ, response, 0);
        roundabout.apply(20, 0, 1, 0, new UnsafeBuffer(y), 0, putY, response, 0);
        roundabout.apply(10, 0, 1, 0, new UnsafeBuffer(x), 0, putX, response, 0);
        roundabout.apply(21, 0, 1, 0, new UnsafeBuffer(dz), 0, delZ, response, 0);
        assertEquals(direct.fullStateHash(), roundabout.fullStateHash());
        final ExpandableDirectByteBuffer a = new ExpandableDirectByteBuffer(64);
        final ExpandableDirectByteBuffer b = new ExpandableDirectByteBuffer(64);
        final int length = direct.writeSnapshot(a, 0);
        assertEquals(length, roundabout.writeSnapshot(b, 0));
        assertEquals(0, compare(a, 0, b, 0, length));

        roundabout.apply(30, 0, 1, 0, new UnsafeBuffer(y), 0, putY, response, 0);
        assertNotEquals(direct.fullStateHash(), roundabout.fullStateHash(), "a new version is a new state");
    }

    @Test
    void aSnapshotThatDoesNotFitIsRefusedWithAReason()
    {
        final KvLedger ledger = new KvLedger(10, 8);
        put(ledger, "a", "1");
        final ExpandableDirectByteBuffer snapshot = new ExpandableDirectByteBuffer(64);
        final int length = ledger.writeSnapshot(snapshot, 0);

        assertTrue(assertThrows(IllegalArgumentException.class, () -> new KvLedger(11, 8)
            .loadSnapshot(snapshot, 0, length)).getMessage().contains("max.keys 10"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new KvLedger(10, 8)
            .loadSnapshot(snapshot, 0, length - 1)).getMessage().contains("cut short"));
        assertThrows(IllegalArgumentException.class, () -> new KvLedger(10, 8).loadSnapshot(snapshot, 1, length - 1));
        assertThrows(IllegalStateException.class, () -> ledger.loadSnapshot(snapshot, 0, length), "not fresh");
    }

    @Test
    void itsSettingsAreChecked()
    {
        final Properties bad = new Properties();
        bad.setProperty(KvLedger.MAX_KEYS, "lots");
        assertEquals("app.max.keys must be a whole number from 1 to 16777216, got 'lots'",
            assertThrows(IllegalArgumentException.class, () -> new KvLedger(bad)).getMessage());
        final Properties fine = new Properties();
        fine.setProperty(KvLedger.MAX_VALUE_LENGTH, "1000");
        assertEquals(8 + 9 + 2 + 1000, new KvLedger(fine).maxResponseLength());
    }
}
