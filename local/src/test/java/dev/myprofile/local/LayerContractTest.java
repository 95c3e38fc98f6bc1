package dev.myprofile.local;

import dev.myprofile.testkit.Project;
import dev.myprofile.testkit.SamTemplate;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The layer stays plumbing: its packages are the plumbing ones, none of them depends on another in a
 * cycle (checked with the JDK's jdeps on the compiled classes, so a fully qualified name in code
 * counts too), and each function artifact carries only its own page's module.
 */
class LayerContractTest {
    private static final String LAYER = "dev.myprofile.shared";
    /** Adding a package to the layer is a design decision: say it here, and why, in the commit. */
    private static final Set<String> PLUMBING = Set.of("activity", "auth", "config", "dynamodb", "events", "http", "json",
            "log", "platform", "problem");
    private static final Pattern EDGE = Pattern.compile("^\\s*(\\S+)\\s+->\\s+(\\S+)\\s");

    private final Path root = Project.root();

    /** Package → the layer packages it uses, as jdeps reads them from the bytecode. */
    private Map<String, Set<String>> layerDependencies() {
        Path classes = root.resolve("shared/target/classes");
        assertTrue(Files.isDirectory(classes), "build the layer first (mvn package)");
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new IllegalStateException("no jdeps in this JDK"));
        StringWriter out = new StringWriter();
        int status = jdeps.run(new PrintWriter(out), new PrintWriter(out), "-verbose:package", classes.toString());
        assertEquals(0, status, out::toString);
        Map<String, Set<String>> edges = new TreeMap<>();
        for (String line : out.toString().split("\n")) {
            Matcher m = EDGE.matcher(line);
            if (m.find() && m.group(1).startsWith(LAYER)) {
                edges.computeIfAbsent(m.group(1), p -> new TreeSet<>());
                if (m.group(2).startsWith(LAYER) && !m.group(2).equals(m.group(1))) {
                    edges.get(m.group(1)).add(m.group(2));
                }
            }
        }
        assertTrue(edges.size() > 1, () -> "jdeps found no layer packages:\n" + out);
        return edges;
    }

    @Test
    void the_layer_holds_only_plumbing_packages() {
        Set<String> packages = new TreeSet<>();
        for (String name : layerDependencies().keySet()) {
            assertTrue(name.startsWith(LAYER + "."), () -> "a class in the layer's root package: " + name);
            packages.add(name.substring(LAYER.length() + 1).split("\\.")[0]);
        }
        assertEquals(new TreeSet<>(PLUMBING), packages, "a page's domain belongs in its module under functions/, not the layer");
    }

    @Test
    void no_two_packages_of_the_layer_depend_on_each_other_even_through_others() {
        Map<String, Set<String>> edges = layerDependencies();
        for (String start : edges.keySet()) {
            Deque<List<String>> paths = new ArrayDeque<>();
            paths.add(List.of(start));
            Set<String> seen = new HashSet<>();
            while (!paths.isEmpty()) {
                List<String> path = paths.poll();
                for (String next : edges.getOrDefault(path.get(path.size() - 1), Set.of())) {
                    List<String> longer = new ArrayList<>(path);
                    longer.add(next);
                    if (next.equals(start)) {
                        fail("package cycle in the layer: " + String.join(" -> ", longer));
                    }
                    if (seen.add(next)) {
                        paths.add(longer);
                    }
                }
            }
        }
    }

    /**
     * The classes a module's artifact may carry from another module it depends on, named one by one:
     * the Overview reads the home organization's directory entry through the directory's one mapping.
     */
    private static final Map<String, Set<String>> BORROWED = Map.of("profile", Set.of(
            "dev/myprofile/organizations/model/Organization.class",
            "dev/myprofile/organizations/store/dynamodb/DirectoryItems.class"));

    @Test
    void each_function_artifact_carries_only_its_own_modules_classes() throws Exception {
        for (SamTemplate.Function function : SamTemplate.load().functions()) {
            Path artifact = root.resolve(function.codeUri());
            String module = function.handlerClass().split("\\.")[2];
            try (ZipFile zip = new ZipFile(artifact.toFile())) {
                zip.stream().map(e -> e.getName())
                        .filter(name -> name.endsWith(".class"))
                        .forEach(name -> assertTrue(name.startsWith("dev/myprofile/" + module + "/")
                                        || BORROWED.getOrDefault(module, Set.of()).contains(name),
                                () -> function.logicalId() + ": " + name + " is not of module " + module));
            }
        }
    }
}
