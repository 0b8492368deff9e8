package io.hedge.gateway.auth;

import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;

/**
 * The authenticator {@code gateway.authenticator} names: {@code none}, {@code file} (with
 * {@code gateway.principals.file}), or the fully qualified name of a class implementing {@link Authenticator} with a
 * public no-argument constructor. Made once, at start: a file is read and checked here, never on the duty cycle.
 */
public final class Authenticators
{
    /** The setting that selects it. */
    public static final String SETTING = "gateway.authenticator";

    private Authenticators()
    {
    }

    /**
     * @param principalsFile required for {@code file}, ignored otherwise (null or empty for none).
     * @throws IllegalArgumentException naming the setting that is wrong.
     */
    public static Authenticator select(final String name, final Path principalsFile)
    {
        final String choice = null == name ? "" : name.trim();
        final boolean noFile = null == principalsFile || principalsFile.toString().isEmpty();
        switch (choice)
        {
            case "", "none":
                return new NoneAuthenticator();

            case "file":
                if (noFile)
                {
                    throw new IllegalArgumentException(PrincipalsFile.SETTING + " is required with " + SETTING +
                        "=file");
                }
                return new FileAuthenticator(PrincipalsFile.read(principalsFile));

            default:
                return instantiate(choice);
        }
    }

    private static Authenticator instantiate(final String className)
    {
        final Class<?> type;
        try
        {
            type = Class.forName(className);
        }
        catch (final ClassNotFoundException ex)
        {
            throw new IllegalArgumentException(SETTING + " must be 'none', 'file' or the name of a class implementing " +
                Authenticator.class.getName() + "; '" + className + "' is not on the class path");
        }
        if (!Authenticator.class.isAssignableFrom(type))
        {
            throw new IllegalArgumentException(SETTING + ": " + className + " does not implement " +
                Authenticator.class.getName());
        }
        try
        {
            return (Authenticator)type.getConstructor().newInstance();
        }
        catch (final NoSuchMethodException | InstantiationException | IllegalAccessException ex)
        {
            throw new IllegalArgumentException(SETTING + ": " + className + " needs a public no-argument constructor");
        }
        catch (final InvocationTargetException ex)
        {
            throw new IllegalArgumentException(SETTING + ": " + className + " failed to start: " +
                ex.getCause().getMessage(), ex.getCause());
        }
    }
}
