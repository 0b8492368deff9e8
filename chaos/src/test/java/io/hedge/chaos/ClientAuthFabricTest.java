package io.hedge.chaos;

import io.hedge.client.ConnectionState;
import io.hedge.client.HedgeClient;
import io.hedge.client.HedgeClientContext;
import io.hedge.client.HedgeException;
import io.hedge.client.Response;
import io.hedge.codecs.fabric.ResponseStatus;
import io.hedge.codecs.trading.MessageHeaderEncoder;
import io.hedge.codecs.trading.NewOrderEncoder;
import io.hedge.codecs.trading.Side;
import io.hedge.replicas.trading.TradingEngine;
import io.hedge.transport.SecurityCounters;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Client authentication end to end over real Aeron on loopback (a gateway with gateway.authenticator=file and three
 * replicas on one embedded media driver, the SDK answering the challenge): the right credentials submit; a wrong secret
 * is refused AUTHENTICATION_FAILED and nothing is sequenced while the gateway counts the logon; another principal
 * cannot use an owned client id (CLIENT_ID_TAKEN); a principal without submit is answered UNAUTHORIZED and nothing is
 * sequenced. Counters are read from the gateway's media driver, as another process would.
 */
class ClientAuthFabricTest
{
    private static final String ALICE_SECRET = "alice-secret-0123456789";
    private static final String BOB_SECRET = "bob-secret-0123456789";
    private static final String CAROL_SECRET = "carol-secret-0123456789";

    @TempDir
    Path keys;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);

    @Test
    void onlyTheRightCredentialsSubmitAndOnlyTheOwnerUsesItsClientId() throws Exception
    {
        final Path principals = privateFile("principals",
            "# test principals\n" +
            "alice id=1 secret=" + ALICE_SECRET + " permissions=submit,query,status\n" +
            "bob id=2 secret=" + BOB_SECRET + " permissions=submit,query,status\n" +
            "carol id=3 secret=" + CAROL_SECRET + " permissions=query,status\n");
        try (TestFabric fabric = new TestFabric("client-auth", 4096, site -> new TradingEngine(TestFabric.TRADING),
            TestFabric.SITES.length, 1, "", principals))
        {
            try (HedgeClient alice = HedgeClient.connect(context(fabric, 101, "alice", ALICE_SECRET)))
            {
                final Response placed = alice.submit(order(1)).get(30, TimeUnit.SECONDS);
                assertTrue(placed.ok() && placed.seq() > 0, placed.toString());
                final long sequenced = sequenced(fabric);

                // a wrong secret: refused at connect, counted, nothing sequenced
                final HedgeException wrong = assertThrows(HedgeException.class,
                    () -> HedgeClient.connect(context(fabric, 102, "alice", BOB_SECRET)).close());
                assertEquals(HedgeException.Reason.AUTHENTICATION_FAILED, wrong.reason(), wrong.getMessage());
                TestFabric.awaitTrue("the failed logon is counted", 10,
                    () -> read(fabric, SecurityCounters.LOGONS_REJECTED_TYPE_ID) >= 1);

                // another principal with alice's client id: refused, counted, alice's session unharmed
                final HedgeException taken = assertThrows(HedgeException.class,
                    () -> HedgeClient.connect(context(fabric, 101, "bob", BOB_SECRET)).close());
                assertEquals(HedgeException.Reason.CLIENT_ID_TAKEN, taken.reason(), taken.getMessage());
                assertEquals(1, read(fabric, SecurityCounters.CLIENT_ID_CLAIMS_REJECTED_TYPE_ID));
                assertEquals(sequenced, sequenced(fabric), "nothing of the refused clients was sequenced");
                assertEquals(ConnectionState.CONNECTED, alice.connectionState());
                assertTrue(alice.submit(order(2)).get(30, TimeUnit.SECONDS).ok(), "alice keeps her session");

                // a principal without submit: answered UNAUTHORIZED, nothing sequenced
                final long before = sequenced(fabric);
                try (HedgeClient carol = HedgeClient.connect(context(fabric, 103, "carol", CAROL_SECRET)))
                {
                    final Response refused = carol.submit(order(3)).get(30, TimeUnit.SECONDS);
                    assertEquals(ResponseStatus.UNAUTHORIZED, refused.status(), refused.toString());
                    assertEquals(0, refused.seq());
                }
                assertEquals(before, sequenced(fabric), "the unauthorized request was not sequenced");
                assertEquals(1, read(fabric, SecurityCounters.REQUESTS_UNAUTHORIZED_TYPE_ID));
                assertTrue(read(fabric, SecurityCounters.LOGONS_REJECTED_TYPE_ID) >= 1);
            }
        }
    }

    private static long sequenced(final TestFabric fabric)
    {
        return fabric.gateway.agent().counters().requestsSequenced();
    }

    private static long read(final TestFabric fabric, final int typeId)
    {
        return SecurityCounters.read(fabric.aeron.countersReader(), typeId, "gateway 1");
    }

    private HedgeClientContext context(
        final TestFabric fabric, final long clientId, final String principal, final String secret) throws IOException
    {
        return new HedgeClientContext()
            .aeronDirectoryName(fabric.driver.aeronDirectoryName())
            .clientId(clientId)
            .gatewayIngressChannels(fabric.ingressChannels())
            .connectTimeoutNs(TimeUnit.SECONDS.toNanos(20))
            .requestTimeoutNs(TimeUnit.SECONDS.toNanos(20))
            .principal(principal)
            .secretFile(privateFile(principal + "-" + clientId + ".secret", secret + "\n"));
    }

    private Path privateFile(final String name, final String content) throws IOException
    {
        final Path file = keys.resolve(name);
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    private byte[] order(final long clientOrderId)
    {
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + new NewOrderEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder()).clientOrderId(clientOrderId).accountId(3)
            .price(50).quantity(10).instrumentId(2).side(Side.BUY).encodedLength();
        final byte[] bytes = new byte[length];
        buffer.getBytes(0, bytes);
        return bytes;
    }
}
