package io.hedge.replicas;

import org.agrona.IoUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link StateMachineLoader} loads a state machine class that is NOT on the class path, from a directory and from a
 * jar (the classes are compiled here, into a directory of this test's own), constructs it with its properties, and
 * refuses each kind of mistake with one line that names the setting and what it found.
 */
class StateMachineLoaderTest
{
    private static final String PACKAGE = "plugin.example";
    private static Path dir;
    private static Path classes;
    private static Path jar;

    @BeforeAll
    static void compilePlugins() throws IOException
    {
        dir = Path.of(System.getProperty("hedge.test.dir", "target/test-work"), "loader-" + System.nanoTime())
            .toAbsolutePath();
        final Path sources = dir.resolve("src");
        classes = dir.resolve("classes");
        Files.createDirectories(sources.resolve(PACKAGE.replace('.', '/')));
        Files.createDirectories(classes);
        final String body = """
                public int apply(long seq, long timestampNs, long clientId, int principalId, org.agrona.DirectBuffer payload, int offset, int length,
                    org.agrona.MutableDirectBuffer response, int responseOffset) { response.putLong(responseOffset, seq);
                    return 8; }
                public long fullStateHash() { return 42; }
                public int writeSnapshot(org.agrona.ExpandableDirectByteBuffer buffer, int offset) { return 0; }
                public void loadSnapshot(org.agrona.DirectBuffer buffer, int offset, int length) { }
            """;
        final List<Path> files = new ArrayList<>();
        files.add(source(sources, "Configured", """
            public class Configured implements io.hedge.replicas.StateMachine {
                public final String greeting;
                public Configured(java.util.Properties p) { greeting = p.getProperty("greeting", "none"); }
                public int maxResponseLength() { return 128; }
            """ + body + "}"));
        files.add(source(sources, "Plain", """
            public class Plain implements io.hedge.replicas.StateMachine {
                public Plain() { }
            """ + body + "}"));
        files.add(source(sources, "NeedsAnInt", """
            public class NeedsAnInt implements io.hedge.replicas.StateMachine {
                public NeedsAnInt(int size) { }
            """ + body + "}"));
        files.add(source(sources, "Throws", """
            public class Throws implements io.hedge.replicas.StateMachine {
                public Throws(java.util.Properties p) { throw new IllegalArgumentException("app.size must be set"); }
            """ + body + "}"));
        files.add(source(sources, "NotAStateMachine", """
            public class NotAStateMachine { public NotAStateMachine() { } }
            """));
        final JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        final List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-classpath",
            System.getProperty("java.class.path")));
        files.forEach(f -> args.add(f.toString()));
        assertEquals(0, compiler.run(null, null, null, args.toArray(String[]::new)), "the plugins compile");

        jar = dir.resolve("plugin.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
            Stream<Path> walk = Files.walk(classes))
        {
            for (final Path file : walk.filter(Files::isRegularFile).toList())
            {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
    }

    private static Path source(final Path sources, final String name, final String text) throws IOException
    {
        final Path file = sources.resolve(PACKAGE.replace('.', '/')).resolve(name + ".java");
        Files.writeString(file, "package " + PACKAGE + ";\n" + text);
        return file;
    }

    @AfterAll
    static void removeThem()
    {
        if (null != dir)
        {
            IoUtil.delete(dir.toFile(), true);
        }
    }

    private static Properties properties(final String... keyValues)
    {
        final Properties properties = new Properties();
        for (int i = 0; i < keyValues.length; i += 2)
        {
            properties.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return properties;
    }

    @Test
    void theClassesAreNotOnTheClassPathItself()
    {
        assertThrows(ClassNotFoundException.class, () -> Class.forName(PACKAGE + ".Configured"));
    }

    @Test
    void loadsFromADirectoryWithItsPropertiesAndBuildsAFreshInstanceEachTime() throws Exception
    {
        final StateMachineFactory factory = StateMachineLoader.load(PACKAGE + ".Configured", classes.toString(),
            properties("greeting", "hello"));
        assertEquals(PACKAGE + ".Configured", factory.name());
        assertEquals(classes.toString(), factory.source());
        assertEquals(128, factory.maxResponseLength(), "the instance's own bound");
        final StateMachine first = factory.newStateMachine();
        final StateMachine second = factory.newStateMachine();
        assertNotSame(first, second);
        assertEquals(PACKAGE + ".Configured", first.getClass().getName());
        assertEquals("hello", first.getClass().getField("greeting").get(first));
        assertEquals("hello", second.getClass().getField("greeting").get(second));
        assertTrue(first.getClass().getClassLoader() != StateMachineLoaderTest.class.getClassLoader());
    }

    @Test
    void loadsFromAJarAndUsesTheNoArgumentConstructorWhenThereIsNoPropertiesOne()
    {
        final StateMachineFactory factory = StateMachineLoader.load(PACKAGE + ".Plain", jar.toString(),
            properties("ignored", "1"));
        final StateMachine machine = factory.newStateMachine();
        assertEquals(PACKAGE + ".Plain", machine.getClass().getName());
        assertEquals(StateMachine.DEFAULT_MAX_RESPONSE_LENGTH, factory.maxResponseLength(), "the default bound");
        assertEquals(42, machine.fullStateHash());
    }

    @Test
    void loadsFromTheClassPathWhenNoPathIsGiven()
    {
        final StateMachineFactory factory = StateMachineLoader.load(ClassPathStateMachine.class.getName(), "",
            properties("answer", "7"));
        assertEquals("the class path", factory.source());
        final StateMachine machine = factory.newStateMachine();
        assertEquals(ClassPathStateMachine.class, machine.getClass());
        assertEquals(7, machine.fullStateHash(), "constructed with the properties");
    }

    @Test
    void aClassThatIsNotThereIsNamedWithWhereItWasLookedFor()
    {
        final String message = assertThrows(IllegalArgumentException.class,
            () -> StateMachineLoader.load(PACKAGE + ".Missing", jar.toString(), new Properties())).getMessage();
        assertEquals("setting 'replica.state.machine': class plugin.example.Missing not found in " + jar +
            " (or the class path)", message);
        final String onClassPath = assertThrows(IllegalArgumentException.class,
            () -> StateMachineLoader.load(PACKAGE + ".Configured", "", new Properties())).getMessage();
        assertEquals("setting 'replica.state.machine': class plugin.example.Configured not found in the class path " +
            "(replica.state.machine.path is empty)", onClassPath);
    }

    @Test
    void aClassThatIsNoStateMachineIsRefused()
    {
        final String message = assertThrows(IllegalArgumentException.class,
            () -> StateMachineLoader.load(PACKAGE + ".NotAStateMachine", classes.toString(), new Properties()))
            .getMessage();
        assertEquals("setting 'replica.state.machine': class plugin.example.NotAStateMachine does not implement " +
            "io.hedge.replicas.StateMachine", message);
        final String notPublic = assertThrows(IllegalArgumentException.class,
            () -> StateMachineLoader.load(SumStateMachine.class.getName(), "", new Properties())).getMessage();
        assertTrue(notPublic.endsWith("is not a public concrete class"), notPublic);
    }

    @Test
    void aClassWithoutAUsableConstructorIsRefused()
    {
        final String message = assertThrows(IllegalArgumentException.class,
            () -> StateMachineLoader.load(PACKAGE + ".NeedsAnInt", classes.toString(), new Properties())).getMessage();
        assertEquals("setting 'replica.state.machine': class plugin.example.NeedsAnInt has no public constructor " +
            "taking java.util.Properties and no public no-argument constructor", message);
    }

    @Test
    void aConstructorThatThrowsIsReportedWithItsMessage()
    {
        final String message = assertThrows(IllegalArgumentException.class,
            () -> StateMachineLoader.load(PACKAGE + ".Throws", classes.toString(), new Properties())).getMessage();
        assertEquals("setting 'replica.state.machine': new plugin.example.Throws(Properties) threw " +
            "IllegalArgumentException: app.size must be set", message);
    }

    @Test
    void aMissingPathOrOneThatIsNoJarIsRefused() throws IOException
    {
        final Path missing = dir.resolve("no-such.jar");
        assertEquals("setting 'replica.state.machine.path': " + missing + ": no such jar or directory",
            assertThrows(IllegalArgumentException.class,
                () -> StateMachineLoader.load(PACKAGE + ".Plain", missing.toString(), new Properties())).getMessage());
        final Path text = dir.resolve("notes.txt");
        try (OutputStream out = Files.newOutputStream(text))
        {
            out.write("not a jar".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        final String message = assertThrows(IllegalArgumentException.class,
            () -> StateMachineLoader.load(PACKAGE + ".Plain", text.toString(), new Properties())).getMessage();
        assertTrue(message.startsWith("setting 'replica.state.machine.path': " + text +
            " is neither a directory nor a jar file"), message);
    }

    @Test
    void anEmptyClassNameIsRefused()
    {
        assertEquals("setting 'replica.state.machine': is empty: name the state machine's class",
            assertThrows(IllegalArgumentException.class,
                () -> StateMachineLoader.load(" ", "", new Properties())).getMessage());
    }

    @Test
    void theFactoryOfAKnownConstructorHandsOutFreshInstances()
    {
        final StateMachineFactory factory = StateMachineFactory.of("sum", SumStateMachine::new, 100);
        assertEquals(100, factory.maxResponseLength());
        assertNotSame(factory.newStateMachine(), factory.newStateMachine());
        final ReplicaContext ctx = new ReplicaContext().stateMachineFactory(factory);
        assertEquals(100, ctx.maxResponseLength());
        final StateMachine fromContext = ctx.stateMachineSupplier().get();
        assertSame(SumStateMachine.class, fromContext.getClass());
    }
}
