package dev.myprofile.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * A cold-start child: its classpath, its main class, the line it prints once it has answered, and
 * its arguments, asked for afresh on each run (a token must not expire during a long series).
 */
record Program(String name, List<Path> classpath, String mainClass, String doneLine, Supplier<List<String>> arguments) {}
