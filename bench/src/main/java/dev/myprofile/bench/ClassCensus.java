package dev.myprofile.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The classes one child run loaded, read from its {@code -Xlog:class+load} file: how many, how many
 * came ready-made from the CDS archive, and how many per package. Loading classes is most of a JVM's
 * cold start, so the package counts point at what the handler pulls in beyond the SDK.
 */
record ClassCensus(int total, int fromArchive, Map<String, Integer> byPackage) {
    private static final Pattern LOADED = Pattern.compile("\\[class,load\\s*\\] (\\S+) source: (.*)$");

    static String logFlag(Path file) {
        return "-Xlog:class+load=info:file=" + file;
    }

    static ClassCensus read(Path file) {
        try {
            int total = 0;
            int archived = 0;
            Map<String, Integer> packages = new TreeMap<>();
            for (String line : Files.readAllLines(file)) {
                Matcher m = LOADED.matcher(line);
                if (!m.find()) {
                    continue;
                }
                total++;
                if (m.group(2).startsWith("shared objects file")) {
                    archived++;
                }
                packages.merge(packageOf(m.group(1)), 1, Integer::sum);
            }
            return new ClassCensus(total, archived, packages);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The classes loaded after {@code startClass} and before {@code endClass} (two marker classes). */
    static ClassCensus between(Path file, String startClass, String endClass) {
        try {
            int total = 0;
            int archived = 0;
            boolean inside = false;
            Map<String, Integer> packages = new TreeMap<>();
            for (String line : Files.readAllLines(file)) {
                Matcher m = LOADED.matcher(line);
                if (!m.find()) {
                    continue;
                }
                if (m.group(1).equals(startClass)) {
                    inside = true;
                    continue;
                }
                if (m.group(1).equals(endClass)) {
                    return new ClassCensus(total, archived, packages);
                }
                if (inside) {
                    total++;
                    if (m.group(2).startsWith("shared objects file")) {
                        archived++;
                    }
                    packages.merge(packageOf(m.group(1)), 1, Integer::sum);
                }
            }
            throw new IllegalStateException("no " + startClass + " ... " + endClass + " in " + file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int count(String packageName) {
        return byPackage.getOrDefault(packageName, 0);
    }

    private static String packageOf(String className) {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? "(default)" : className.substring(0, dot);
    }
}
