package io.hedge.ops;

/**
 * An ops session could not be opened or went silent: one line that says which gateway and why (no answer within the
 * timeout, the logon refused, the channel unusable). Never carries a secret.
 */
public final class OpsException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public OpsException(final String message)
    {
        super(message);
    }
}
