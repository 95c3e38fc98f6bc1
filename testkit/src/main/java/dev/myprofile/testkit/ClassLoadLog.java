package dev.myprofile.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A fresh JVM on this one's classpath running a {@code main} with class loading logged: what it
 * printed, and which classes it loaded (a cold start's census, exact where timings are not).
 */
public record ClassLoadLog(List<String> lines) {

    /** Runs {@code main} with {@code args}; fails unless it ends well within a minute. */
    public static ClassLoadLog of(Class<?> main, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info:stdout",
                "-cp", System.getProperty("java.class.path"),
                main.getName()));
        command.addAll(List.of(args));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        if (!child.waitFor(60, TimeUnit.SECONDS) || child.exitValue() != 0) {
            throw new AssertionError(main.getSimpleName() + " failed:\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size())));
        }
        return new ClassLoadLog(lines);
    }

    /** Whether the child printed this line. */
    public boolean printed(String line) {
        return lines.contains(line);
    }

    /** The classes loaded whose names start with {@code prefix} (a package or a class). */
    public List<String> loaded(String prefix) {
        return lines.stream().filter(l -> l.contains(" " + prefix)).toList();
    }
}
