package io.hedge.ops.dashboard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Headless Chromium, one run per page load, with nothing that reaches beyond this machine; and the numbers a dumped
 * page shows (every number the page draws is also text with its key and raw value: data-k, data-v).
 */
final class HeadlessChromium
{
    private static final Pattern NUMBER = Pattern.compile("data-k=\"([^\"]*)\"\\s+data-v=\"([^\"]*)\"");
    private static final long TIMEOUT_S = 120;

    private final String executable;
    private final Path work;

    /**
     * @param executable the browser to run (chromium).
     * @param work       where its throw-away profiles and its output go.
     */
    HeadlessChromium(final String executable, final Path work)
    {
        this.executable = executable;
        this.work = work;
    }

    /**
     * @return the page's DOM once its scripts have run (within a virtual time budget of a second).
     */
    String dumpDom(final String url) throws IOException, InterruptedException
    {
        return run("--dump-dom", url);
    }

    /**
     * Take a screenshot of the page into a PNG file.
     */
    void screenshot(final String url, final Path png, final String windowSize) throws IOException, InterruptedException
    {
        run("--screenshot=" + png.toAbsolutePath(), "--hide-scrollbars", "--window-size=" + windowSize, url);
    }

    /**
     * @return every number the page shows, by its key.
     */
    static Map<String, String> numbers(final String dom)
    {
        final Map<String, String> numbers = new HashMap<>();
        final Matcher matcher = NUMBER.matcher(dom);
        while (matcher.find())
        {
            numbers.put(matcher.group(1), matcher.group(2));
        }
        return numbers;
    }

    /**
     * @return Chromium's standard output.
     */
    private String run(final String... action) throws IOException, InterruptedException
    {
        final Path profile = Files.createTempDirectory(work, "chromium-profile-");
        final List<String> command = new ArrayList<>(List.of(executable, "--headless", "--no-sandbox",
            "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
            "--virtual-time-budget=1000"));
        command.addAll(List.of(action));
        final Path out = work.resolve("chromium.out");
        final Path err = work.resolve("chromium.err");
        final Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
            .start();
        if (!process.waitFor(TIMEOUT_S, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            throw new IllegalStateException("chromium did not finish within " + TIMEOUT_S + " s: " + command);
        }
        return Files.readString(out, StandardCharsets.UTF_8);
    }
}
