package dev.myprofile.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/** The project's root: the nearest folder at or above the working directory holding template.yaml. */
public final class Project {
    private Project() {}

    public static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve("template.yaml")) && Files.isDirectory(dir.resolve("shared"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("No template.yaml above " + Path.of("").toAbsolutePath());
    }
}
