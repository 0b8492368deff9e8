package io.hedge.transport;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Who a client or an operator's tool says it is (client.principal) and how it proves it (the secret of
 * client.secret.file): the name goes in every ClientConnect or OpsConnect; the secret only keys the answer to a
 * gateway's challenge ({@link ChallengeAnswer}) and never leaves the process. Shared by the client SDK and the ops
 * client, so that both read the same settings the same way.
 */
public final class ClientCredentials
{
    /** No principal: connects carry empty credentials, which only a gateway with the {@code none} authenticator takes. */
    public static final ClientCredentials NONE = new ClientCredentials(new byte[0], null);

    private final byte[] name;
    private final byte[] secret;
    private ChallengeAnswer answers;

    private ClientCredentials(final byte[] name, final byte[] secret)
    {
        this.name = name;
        this.secret = secret;
    }

    public static ClientCredentials of(final String principal, final byte[] secret)
    {
        return new ClientCredentials(principal.getBytes(StandardCharsets.UTF_8), secret.clone());
    }

    /**
     * The credentials the settings name; the secret file is read here, once, and its content never appears in an
     * error.
     *
     * @param principalKey  the principal's setting (client.principal), named in errors.
     * @param secretFileKey the secret file's setting (client.secret.file), named in errors.
     * @param principal     empty or null for none.
     * @param secretFile    whose first line is the secret; null or empty for none.
     * @param secret        the secret itself, for an application that keeps it elsewhere; wins over the file; null.
     * @throws IllegalArgumentException naming the setting that is wrong.
     */
    public static ClientCredentials resolve(
        final Setting principalKey,
        final Setting secretFileKey,
        final String principal,
        final Path secretFile,
        final byte[] secret)
    {
        final boolean hasPrincipal = null != principal && !principal.isEmpty();
        final boolean hasSecretFile = null != secretFile && !secretFile.toString().isEmpty();
        if (!hasPrincipal)
        {
            if (hasSecretFile || null != secret)
            {
                throw principalKey.invalid("is required with a secret (" + secretFileKey.key() +
                    "): whose secret is it?");
            }
            return NONE;
        }
        if (principal.length() > 64 || !principal.matches("[A-Za-z0-9_.-]+"))
        {
            throw principalKey.invalid("must be 1 to 64 of A-Z a-z 0-9 _ . -, got '" + principal + "'");
        }
        byte[] key = secret;
        if (null == key)
        {
            if (!hasSecretFile)
            {
                throw secretFileKey.invalid("is required with " + principalKey.key() + " (" + principal + ")");
            }
            final List<String> lines = PrivateFiles.readLines(secretFile, secretFileKey.key());
            final String first = lines.isEmpty() ? "" : lines.get(0).trim();
            if (first.isEmpty())
            {
                throw secretFileKey.invalid(": the first line of " + secretFile + " must hold the secret, and it is empty");
            }
            key = first.getBytes(StandardCharsets.UTF_8);
        }
        return of(principal, key);
    }

    /**
     * @return what a connect carries: the principal's name (UTF-8), empty for none.
     */
    public byte[] name()
    {
        return name;
    }

    /**
     * @return the answer to a challenge of this gateway for this client id (or ops client id); empty without a
     * secret, which the gateway refuses (AUTHENTICATION_FAILED) at once rather than at its connect timeout.
     */
    public byte[] answer(final byte[] challenge, final long clientId, final int gatewayId)
    {
        if (null == secret)
        {
            return new byte[0];
        }
        if (null == answers)
        {
            answers = new ChallengeAnswer();
        }
        return answers.answer(secret, challenge, clientId, gatewayId);
    }

    @Override
    public String toString()
    {
        return 0 == name.length ? "(no principal)" : new String(name, StandardCharsets.UTF_8); // never the secret
    }
}
