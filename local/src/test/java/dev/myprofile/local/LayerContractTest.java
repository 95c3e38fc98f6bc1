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
 * counts too), and each function artifact carries only its own page's module (and the libraries
 * only that module uses).
 */
class LayerContractTest {
    private static final String LAYER = "dev.myprofile.shared";
    /** Adding a package to the layer is a design decision: say it here, and why, in the commit. */
    private static final Set<String> PLUMBING = Set.of("activity", "auth", "config", "dynamodb", "events", "http", "json",
            "log", "notify", "platform", "problem", "text");
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

    /**
     * A function's artifact holds its own module's classes, plus the libraries its module's pom
     * declares for bundling (security info's Cognito and SES clients and ZXing: only its functions use
     * them, so they are not in the layer) — never another module's classes or the layer's, and no
     * library the layer already carries.
     */
    @Test
    void each_function_artifact_carries_only_its_own_modules_classes_and_the_libraries_its_pom_declares() throws Exception {
        Set<String> layerJars = layerJarNames();
        for (SamTemplate.Function function : SamTemplate.load().functions()) {
            Path artifact = root.resolve(function.codeUri());
            String module = function.handlerClass().split("\\.")[2];
            Set<String> declared = declaredLibraries(root.resolve(function.codeUri()).getParent().getParent().resolve("pom.xml"));
            try (ZipFile zip = new ZipFile(artifact.toFile())) {
                zip.stream().map(e -> e.getName())
                        .filter(name -> name.endsWith(".class") && name.startsWith("dev/myprofile/"))
                        .forEach(name -> assertTrue(name.startsWith("dev/myprofile/" + module + "/")
                                        || BORROWED.getOrDefault(module, Set.of()).contains(name),
                                () -> function.logicalId() + ": " + name + " is not of module " + module));
                Set<String> bundled = new TreeSet<>();
                zip.stream().map(e -> e.getName()).map(BUNDLED::matcher).filter(Matcher::matches)
                        .forEach(m -> bundled.add(m.group(1) + ":" + m.group(2)));
                bundled.removeIf(library -> library.startsWith("dev.myprofile:"));
                assertTrue(declared.containsAll(bundled), () -> function.logicalId() + " bundles " + bundled + ", its pom declares " + declared);
                for (String library : bundled) {
                    String artifactId = library.substring(library.indexOf(':') + 1);
                    assertTrue(layerJars.stream().noneMatch(jar -> jar.matches(Pattern.quote(artifactId) + "-[0-9].*")),
                            () -> function.logicalId() + " bundles " + library + ", which the layer already carries");
                }
                long foreign = zip.stream().map(e -> e.getName())
                        .filter(name -> name.endsWith(".class") && !name.startsWith("dev/myprofile/")).count();
                assertTrue(foreign == 0 || !bundled.isEmpty(),
                        () -> function.logicalId() + ": library classes without a declared library");
            }
        }
    }

    private static final Pattern BUNDLED = Pattern.compile("META-INF/maven/([^/]+)/([^/]+)/pom\\.properties");

    /** The compile-scope dependencies a module's pom names (the ones a shaded jar may carry). */
    private static Set<String> declaredLibraries(Path pom) throws Exception {
        Set<String> declared = new TreeSet<>();
        Matcher m = Pattern.compile("<dependency>\\s*<groupId>([^<]+)</groupId>\\s*<artifactId>([^<]+)</artifactId>(.*?)</dependency>",
                Pattern.DOTALL).matcher(Files.readString(pom));
        while (m.find()) {
            if (!m.group(3).contains("<scope>")) {
                declared.add(m.group(1) + ":" + m.group(2));
            }
        }
        return declared;
    }

    private Set<String> layerJarNames() throws Exception {
        Map<String, Object> layer = SamTemplate.load().resource("SharedLayer");
        Path zip = root.resolve(String.valueOf(((Map<?, ?>) layer.get("Properties")).get("ContentUri")));
        Set<String> jars = new TreeSet<>();
        try (ZipFile file = new ZipFile(zip.toFile())) {
            file.stream().map(e -> e.getName()).filter(n -> n.endsWith(".jar")).forEach(n -> jars.add(n.substring(n.lastIndexOf('/') + 1)));
        }
        assertTrue(jars.size() > 1, "build the layer first (mvn package)");
        return jars;
    }
}
