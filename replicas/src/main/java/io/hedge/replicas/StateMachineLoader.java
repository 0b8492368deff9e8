package io.hedge.replicas;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.jar.JarFile;

import static io.hedge.replicas.ReplicaConfiguration.STATE_MACHINE;
import static io.hedge.replicas.ReplicaConfiguration.STATE_MACHINE_PATH;

/**
 * Makes a {@link StateMachineFactory} for a state machine class named by the user, from a jar or a directory of
 * classes (or the class path), the way {@code hedge replica} runs one that is not the sample trading engine.
 *
 * <p>The contract, checked here once, before the replica starts:
 * <ul>
 *     <li>the class is public, concrete and implements {@link StateMachine};</li>
 *     <li>it has a public constructor taking {@link Properties}, which gets the state machine's own settings (the
 *     launcher's {@code app.*} keys, prefix removed), or else a public no-argument one;</li>
 *     <li>every instance it builds with the same properties behaves alike: the replica builds more than one (a fresh
 *     one to load a snapshot into, to replay a journal on), and every replica of a fabric must build the same.</li>
 * </ul>
 * The jar or directory is read by a class loader whose parent is the application's, so Hedge's own classes (the
 * {@link StateMachine} interface, Agrona) are the launcher's, and the jar need not and should not bundle them.
 * One instance is built here to check that the constructor works; it is the first one the factory hands out.
 *
 * <p>Every failure is an {@link IllegalArgumentException} with one line that names the setting to fix.
 */
public final class StateMachineLoader
{
    private StateMachineLoader()
    {
    }

    /**
     * @param className  the state machine's binary class name, e.g. {@code com.example.KvLedger}.
     * @param path       a jar or a directory of classes; null or empty for the class path alone.
     * @param properties the state machine's own settings, for a constructor that takes them.
     * @return a factory that builds instances of the class with these properties.
     * @throws IllegalArgumentException naming the setting, if the path is missing or not a jar or directory, the
     *                                  class is not found there, is not a state machine, has no usable constructor,
     *                                  or the constructor threw.
     */
    public static StateMachineFactory load(final String className, final String path, final Properties properties)
    {
        if (null == className || className.isBlank())
        {
            throw error(STATE_MACHINE, "is empty: name the state machine's class");
        }
        final String name = className.trim();
        final boolean hasPath = null != path && !path.isBlank();
        final String where = hasPath ? Path.of(path.trim()).toAbsolutePath().normalize().toString() : "the class path";
        final ClassLoader loader = hasPath ? classLoaderOver(Path.of(path.trim())) :
            StateMachineLoader.class.getClassLoader();

        final Class<?> type = findClass(name, loader, hasPath ? where + " (or the class path)" : where +
            " (" + STATE_MACHINE_PATH.key() + " is empty)");
        if (!StateMachine.class.isAssignableFrom(type))
        {
            throw error(STATE_MACHINE, "class " + name + " does not implement " +
                StateMachine.class.getName());
        }
        if (type.isInterface() || Modifier.isAbstract(type.getModifiers()) || !Modifier.isPublic(type.getModifiers()))
        {
            throw error(STATE_MACHINE, "class " + name + " is not a public concrete class");
        }
        final Properties own = new Properties();
        own.putAll(properties);
        final Constructor<? extends StateMachine> constructor = constructorOf(type.asSubclass(StateMachine.class));
        final boolean takesProperties = 1 == constructor.getParameterCount();
        final String call = "new " + name + (takesProperties ? "(Properties)" : "()");
        final java.util.function.Supplier<StateMachine> build = () -> construct(constructor, takesProperties, own, call);
        final StateMachine first = build.get();
        final int maxResponseLength;
        try
        {
            maxResponseLength = first.maxResponseLength();
        }
        catch (final RuntimeException ex)
        {
            throw error(STATE_MACHINE, "class " + name + ": maxResponseLength() threw " + describe(ex));
        }
        if (maxResponseLength < 64)
        {
            throw error(STATE_MACHINE, "class " + name + ": maxResponseLength() is " + maxResponseLength +
                "; it must be at least 64");
        }
        return StateMachineFactory.withFirst(name, where, build, first);
    }

    private static ClassLoader classLoaderOver(final Path path)
    {
        if (!Files.exists(path))
        {
            throw error(STATE_MACHINE_PATH, path.toAbsolutePath().normalize() +
                ": no such jar or directory");
        }
        if (!Files.isReadable(path))
        {
            throw error(STATE_MACHINE_PATH, path.toAbsolutePath().normalize() + ": permission denied");
        }
        if (Files.isRegularFile(path))
        {
            try (JarFile ignored = new JarFile(path.toFile()))
            {
                // a jar that opens: URLClassLoader would otherwise skip a broken one silently, and report not found
            }
            catch (final IOException ex)
            {
                throw error(STATE_MACHINE_PATH, path.toAbsolutePath().normalize() +
                    " is neither a directory nor a jar file (" + ex.getMessage() + ")");
            }
        }
        try
        {
            final URL url = path.toAbsolutePath().normalize().toUri().toURL();
            // never closed: the state machine's classes are needed for as long as the process runs
            return new URLClassLoader("state-machine", new URL[]{url}, StateMachineLoader.class.getClassLoader());
        }
        catch (final MalformedURLException ex)
        {
            throw error(STATE_MACHINE_PATH, path + " is not a usable location: " + ex.getMessage());
        }
    }

    private static Class<?> findClass(final String name, final ClassLoader loader, final String where)
    {
        try
        {
            return Class.forName(name, true, loader);
        }
        catch (final ClassNotFoundException ex)
        {
            throw error(STATE_MACHINE, "class " + name + " not found in " + where);
        }
        catch (final ExceptionInInitializerError ex)
        {
            throw error(STATE_MACHINE, "class " + name + ": its static initialisation threw " +
                describe(ex.getCause()));
        }
        catch (final LinkageError ex)
        {
            // found, but a class it needs is missing or incompatible: the usual cause is a dependency left out of the jar
            throw error(STATE_MACHINE, "class " + name + " was found in " + where + " but cannot be loaded: " + describe(ex));
        }
    }

    private static Constructor<? extends StateMachine> constructorOf(final Class<? extends StateMachine> type)
    {
        try
        {
            return type.getConstructor(Properties.class);
        }
        catch (final NoSuchMethodException ex)
        {
            try
            {
                return type.getConstructor();
            }
            catch (final NoSuchMethodException none)
            {
                throw error(STATE_MACHINE, "class " + type.getName() + " has no public constructor taking " +
                    "java.util.Properties and no public no-argument constructor");
            }
        }
    }

    private static StateMachine construct(
        final Constructor<? extends StateMachine> constructor,
        final boolean takesProperties,
        final Properties properties,
        final String call)
    {
        try
        {
            // each instance gets its own copy, so one that changes its properties cannot change the next
            final Properties copy = new Properties();
            copy.putAll(properties);
            return takesProperties ? constructor.newInstance(copy) : constructor.newInstance();
        }
        catch (final InvocationTargetException ex)
        {
            throw error(STATE_MACHINE, call + " threw " + describe(ex.getCause()));
        }
        catch (final ReflectiveOperationException ex)
        {
            throw error(STATE_MACHINE, call + " failed: " + describe(ex));
        }
    }

    private static IllegalArgumentException error(final io.hedge.transport.Setting setting, final String problem)
    {
        return new IllegalArgumentException("setting '" + setting.key() + "': " + problem);
    }

    private static String describe(final Throwable ex)
    {
        return null == ex ? "nothing" : ex.getClass().getSimpleName() + (null == ex.getMessage() ? "" :
            ": " + ex.getMessage());
    }
}
