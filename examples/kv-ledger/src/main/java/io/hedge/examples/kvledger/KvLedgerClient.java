package io.hedge.examples.kvledger;

import io.hedge.client.HedgeClient;
import io.hedge.client.HedgeException;
import io.hedge.client.Response;
import org.agrona.ExpandableArrayBuffer;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * The ledger's client: each call encodes a request, submits it through a {@link HedgeClient} and decodes the answer.
 * Safe to call from any thread (each call encodes into buffers of its own). A response without the ledger's answer
 * (its {@link Response#status()} is not OK: rejected, busy, or applied but no longer cached) completes the future with
 * a {@link KvLedgerException}; a request whose outcome is unknown after a timeout, with the {@link HedgeException}
 * the client gives.
 */
public final class KvLedgerClient
{
    private final HedgeClient client;

    /**
     * @param client connected to a fabric whose replicas run {@link KvLedger}; closed by its owner, not here.
     */
    public KvLedgerClient(final HedgeClient client)
    {
        this.client = client;
    }

    public CompletableFuture<KvResult> put(final String key, final String value)
    {
        final byte[] k = bytes(key);
        final byte[] v = bytes(value);
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(KvRequests.maxLength(k.length, v.length));
        return submit(buffer, new KvRequests().put(buffer, 0, k, v));
    }

    public CompletableFuture<KvResult> get(final String key)
    {
        final byte[] k = bytes(key);
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(KvRequests.maxLength(k.length, 0));
        return submit(buffer, new KvRequests().get(buffer, 0, k));
    }

    /**
     * @param expectedVersion the version the key must have for the write to happen; 0: it must be absent.
     */
    public CompletableFuture<KvResult> compareAndSet(final String key, final long expectedVersion, final String value)
    {
        final byte[] k = bytes(key);
        final byte[] v = bytes(value);
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(KvRequests.maxLength(k.length, v.length));
        return submit(buffer, new KvRequests().compareAndSet(buffer, 0, k, expectedVersion, v));
    }

    public CompletableFuture<KvResult> delete(final String key)
    {
        final byte[] k = bytes(key);
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(KvRequests.maxLength(k.length, 0));
        return submit(buffer, new KvRequests().delete(buffer, 0, k));
    }

    private CompletableFuture<KvResult> submit(final ExpandableArrayBuffer buffer, final int length)
    {
        return client.submit(buffer, 0, length).thenApply(response ->
        {
            if (!response.ok())
            {
                throw new KvLedgerException(response);
            }
            return KvResult.decode(response.payload());
        });
    }

    private static byte[] bytes(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A request the fabric answered without applying it.
     */
    public static final class KvLedgerException extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        private final transient Response response;

        KvLedgerException(final Response response)
        {
            super("request " + response.correlationId() + (response.executed() ?
                " was applied, but its answer is no longer kept (" : " was not applied (") + response.status() + ")");
            this.response = response;
        }

        /**
         * @return whether the ledger applied the request even so (its answer is gone): see {@link Response#executed()}.
         */
        public boolean executed()
        {
            return response.executed();
        }

        public Response response()
        {
            return response;
        }
    }
}
