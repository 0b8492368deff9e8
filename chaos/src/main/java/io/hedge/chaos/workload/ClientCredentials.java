package io.hedge.chaos.workload;

import io.hedge.client.HedgeClientContext;

import java.nio.file.Path;

/**
 * Gives a chaos client's SDK context the principal it logs on as and its secret file (settings client.principal and
 * client.secret.file). The one place chaos meets the SDK's credentials, so that a secure run needs nothing else from
 * it.
 */
final class ClientCredentials
{
    private ClientCredentials()
    {
    }

    /**
     * @param principal  the principal's name, empty for none (an anonymous client).
     * @param secretFile its secret's file, null for none.
     * @return the context, with the credentials set.
     * @throws IllegalStateException if a principal is given and this build's SDK cannot log on.
     */
    static HedgeClientContext apply(final String principal, final Path secretFile, final HedgeClientContext context)
    {
        if (principal.isEmpty())
        {
            return context;
        }
        // client authentication is not in this build's SDK yet; with it, this is
        // context.principal(principal).secretFile(secretFile) (or the SDK's equivalent)
        throw new IllegalStateException("this build's client SDK cannot log on as '" + principal + "' (" +
            secretFile + "): run hedge chaos without --secure");
    }
}
