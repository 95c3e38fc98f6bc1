package dev.myprofile.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myprofile.organizations.model.PortalData;
import dev.myprofile.shared.config.Config;
import dev.myprofile.shared.dynamodb.ItemKind;
import dev.myprofile.shared.dynamodb.ItemKinds;
import dev.myprofile.testkit.Project;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The table's key layout has one owner, the layer's registry ({@link ItemKinds}): every module builds its
 * keys and its items' {@code entity} from its own kind there, so a kind the export, the closing and the
 * Privacy page do not know cannot be written by a key spelled out somewhere else. This guards that no
 * deployed source spells a key or an entity again, and that the Privacy page names every kind of a
 * user's partition in every language. (Whether the export really holds every item after every routed
 * change is {@code ExportCompletenessTest}'s.)
 */
class ExportCoverageTest {
    /** {@code item.put("entity", s("Device"))} and {@code ":entity", Items.s("SignOut")}: an entity spelled out. */
    private static final Pattern ENTITY = Pattern.compile("\"(?::)?entity\"\\s*,\\s*(?:Items\\.)?s\\(\"(\\w+)\"\\)");
    private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.)*)\"");
    /** The registry itself, and the user partition's own rule ({@code USER#<issuer>#<subject>}). */
    private static final Set<String> OWNERS_OF_KEYS = Set.of("ItemKinds.java", "UserKey.java");

    private static List<Path> deployedSources() throws IOException {
        Path root = Project.root();
        List<Path> files = new ArrayList<>();
        for (Path sources : Stream.concat(Stream.of(root.resolve("shared/src/main/java")),
                Files.list(root.resolve("functions")).map(module -> module.resolve("src/main/java"))).toList()) {
            if (!Files.isDirectory(sources)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(sources)) {
                walk.filter(f -> f.toString().endsWith(".java")).forEach(files::add);
            }
        }
        return files;
    }

    /** Whether a string literal spells a key of the registry: a kind's sort key, a partition's, or a key under a kind's prefix. */
    private static boolean spellsAKey(String literal) {
        for (ItemKind kind : ItemKinds.all()) {
            if (literal.equals(kind.sortKey())
                    || (kind.partition() == ItemKind.Partition.USER && kind.many() && literal.startsWith(kind.sortKey()))) {
                return true;
            }
        }
        return Set.of(ItemKinds.ORGANIZATION_PARTITION, ItemKinds.CLOSING_PARTITION, ItemKinds.CLEANUP_PARTITION,
                ItemKinds.DESTINATION_PARTITION).contains(literal);
    }

    @Test
    void no_deployed_source_spells_a_key_or_an_entity_outside_the_registry() throws IOException {
        List<Path> files = deployedSources();
        assertTrue(files.size() > 50, "found too few sources: is the layout stale? " + files.size());
        List<String> found = new ArrayList<>();
        for (Path file : files) {
            if (OWNERS_OF_KEYS.contains(file.getFileName().toString())) {
                continue;
            }
            String source = Files.readString(file);
            Matcher entity = ENTITY.matcher(source);
            while (entity.find()) {
                found.add(file.getFileName() + ": entity \"" + entity.group(1) + "\"");
            }
            Matcher literal = LITERAL.matcher(source);
            while (literal.find()) {
                if (spellsAKey(literal.group(1))) {
                    found.add(file.getFileName() + ": key \"" + literal.group(1) + "\"");
                }
            }
        }
        assertEquals(List.of(), found, "use the module's kind from ItemKinds (its sortKey(), sortKey(rest), entity())");
    }

    @Test
    void the_registry_names_each_kind_key_and_entity_once() {
        Set<String> ids = new TreeSet<>();
        Set<String> entities = new TreeSet<>();
        for (ItemKind kind : ItemKinds.all()) {
            assertTrue(ids.add(kind.id()), () -> "two kinds named " + kind.id());
            assertTrue(entities.add(kind.entity()), () -> "two kinds of entity " + kind.entity());
        }
        for (ItemKind kind : ItemKinds.inUserPartition()) {
            assertFalse(kind.exported().isEmpty(), () -> kind.id() + " exports nothing");
            // Each key of the partition has exactly one most specific kind, and it is this one.
            assertEquals(kind, ItemKinds.of(kind.many() ? kind.sortKey("x") : kind.sortKey()).orElseThrow(), kind::id);
        }
        assertEquals(ItemKinds.SECURITY_METHODS, ItemKinds.of(ItemKinds.MFA_METHOD_PREFIX + "phone").orElseThrow());
        assertEquals(ItemKinds.SECURITY_METHODS, ItemKinds.of(ItemKinds.PASSKEY_PREFIX + "id").orElseThrow());
        assertTrue(ItemKinds.of("SOMETHING-NEW#1").isEmpty());
    }

    @Test
    void the_privacy_page_lists_every_kind_of_a_users_partition_and_names_it_in_every_language() throws IOException {
        List<String> listed = PortalData.kinds(new Config(Map.of())).stream().map(PortalData.Kind::id).toList();
        assertEquals(ItemKinds.inUserPartition().stream().map(ItemKind::id).toList(), listed);
        Path i18n = Project.root().resolve("web/i18n");
        List<String> missing = new ArrayList<>();
        try (Stream<Path> languages = Files.list(i18n)) {
            for (Path language : languages.sorted().toList()) {
                JsonNode privacy = new ObjectMapper().readTree(Files.readString(language.resolve("privacy.json")));
                for (String id : listed) {
                    for (String key : List.of("privacy.kind." + id, "privacy.kind." + id + "Text")) {
                        if (!privacy.hasNonNull(key)) {
                            missing.add(language.getFileName() + ": " + key);
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), missing);
    }
}
