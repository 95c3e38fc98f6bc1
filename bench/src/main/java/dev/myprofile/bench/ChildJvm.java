package dev.myprofile.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs a {@link Program} in a fresh JVM — this JVM's own {@code java} (or another JDK's, {@link #on}),
 * the given flags, and only the
 * given environment (as in Lambda, nothing of the caller's leaks in) — and times it from
 * {@code ProcessBuilder.start()} to its done line on standard output.
 */
final class ChildJvm {
    private static final long TIMEOUT_SECONDS = 60;

    private final Path javaHome;
    private final List<String> flags;
    private final Map<String, String> environment;
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "child-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    ChildJvm(List<String> flags, Map<String, String> environment) {
        this(Path.of(System.getProperty("java.home")), flags, environment);
    }

    private ChildJvm(Path javaHome, List<String> flags, Map<String, String> environment) {
        this.javaHome = javaHome;
        this.flags = List.copyOf(flags);
        this.environment = Map.copyOf(environment);
    }

    /** The same child on another JDK. */
    ChildJvm on(Path otherJavaHome) {
        return new ChildJvm(otherJavaHome, flags, environment);
    }

    /** The JDK's feature release ("17", "25"), from its {@code release} file. */
    static String release(Path javaHome) {
        try {
            for (String line : java.nio.file.Files.readAllLines(javaHome.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String version = line.substring(13).replace("\"", "");
                    int dot = version.indexOf('.');
                    return dot < 0 ? version : version.substring(0, dot);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException(javaHome + "/release names no JAVA_VERSION");
    }

    List<String> flags() {
        return flags;
    }

    ChildJvm withEnvironment(String name, String value) {
        Map<String, String> changed = new HashMap<>(environment);
        changed.put(name, value);
        return new ChildJvm(javaHome, flags, changed);
    }

    /** What one child run gave: nanoseconds to its done line, and every other line it printed. */
    record Result(long nanos, List<String> transcript) {
        /** The value of {@code name=value} on the child's {@code TIMES} line. */
        double value(String name) {
            for (String line : transcript) {
                if (line.startsWith("TIMES ")) {
                    for (String field : line.substring(6).trim().split("\\s+")) {
                        if (field.startsWith(name + "=")) {
                            return Double.parseDouble(field.substring(name.length() + 1));
                        }
                    }
                }
            }
            throw new IllegalStateException("the child printed no " + name + ": " + transcript);
        }
    }

    /** Nanoseconds to the done line; fails if the child says anything else, or then exits non-zero. */
    long run(Program program, String... extraFlags) {
        return result(program, extraFlags).nanos();
    }

    /** Like {@link #run}, with the child's other lines. */
    Result result(Program program, String... extraFlags) {
        List<String> command = new ArrayList<>();
        command.add(javaHome.resolve("bin").resolve("java").toString());
        command.addAll(flags);
        command.addAll(List.of(extraFlags));
        command.add("-cp");
        command.add(program.classpath().stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
        command.add(program.mainClass());
        command.addAll(program.arguments().get());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(environment);
        List<String> transcript = new ArrayList<>();
        try {
            long started = System.nanoTime();
            Process process = builder.start();
            var timeout = watchdog.schedule(process::destroyForcibly, TIMEOUT_SECONDS, TimeUnit.SECONDS);
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                long elapsed = -1;
                for (String line; (line = out.readLine()) != null; ) {
                    if (elapsed < 0 && line.equals(program.doneLine())) {
                        elapsed = System.nanoTime() - started;
                    } else {
                        transcript.add(line);
                    }
                }
                int exit = process.waitFor();
                timeout.cancel(false);
                if (elapsed < 0 || exit != 0) {
                    throw new IllegalStateException(program.name() + " child failed (exit " + exit + "):\n  "
                            + String.join("\n  ", transcript));
                }
                return new Result(elapsed, transcript);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the " + program.name() + " child", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
