package dev.myprofile.local;

import dev.myprofile.organizations.model.PortalData;
import dev.myprofile.shared.config.Config;
import dev.myprofile.testkit.Project;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The table's design, read from the code: every item type any module writes names its {@code entity}.
 * Each one of a user's partition must be a kind of {@link PortalData}, so "download my data" exports
 * it (its listed fields only) and the Privacy page tells the user about it. A new item type fails
 * here until it is added there.
 */
class ExportCoverageTest {
    /** {@code item.put("entity", s("Device"))} and {@code ":entity", Items.s("SignOut")}. */
    private static final Pattern ENTITY = Pattern.compile("\"(?::)?entity\"\\s*,\\s*(?:Items\\.)?s\\(\"(\\w+)\"\\)");

    /** Items outside any user's partition: the directory (an administrator's), the cleanup's checkpoint, pending closings. */
    private static final Set<String> NOT_A_USERS = Set.of("Organization", "CleanupCheckpoint", "ClosingAccount");

    @Test
    void every_item_type_of_a_users_partition_is_exported_and_shown_on_the_privacy_page() throws IOException {
        Set<String> entities = new TreeSet<>();
        Path root = Project.root();
        for (Path sources : Stream.concat(Stream.of(root.resolve("shared/src/main/java")),
                Files.list(root.resolve("functions")).map(module -> module.resolve("src/main/java"))).toList()) {
            if (!Files.isDirectory(sources)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(sources)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    Matcher matcher = ENTITY.matcher(Files.readString(file));
                    while (matcher.find()) {
                        entities.add(matcher.group(1));
                    }
                }
            }
        }
        assertFalse(entities.isEmpty(), "found no entity names: is the pattern stale?");
        assertTrue(entities.containsAll(Set.of("Profile", "Device", "Activity", "Membership", "SignOut")), entities::toString);

        Set<String> exported = new TreeSet<>();
        PortalData.kinds(new Config(Map.of())).forEach(kind -> exported.add(kind.entity()));
        Set<String> missing = new TreeSet<>(entities);
        missing.removeAll(exported);
        missing.removeAll(NOT_A_USERS);
        assertTrue(missing.isEmpty(), () -> "item types no export covers (add them to PortalData): " + missing);
    }
}
