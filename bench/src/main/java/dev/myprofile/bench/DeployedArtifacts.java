package dev.myprofile.bench;

import dev.myprofile.testkit.SamTemplate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * What Lambda would run, found where template.yaml says: the function's CodeUri jar and the layer's
 * ContentUri zip, unpacked the way Lambda unpacks a layer (its {@code java/lib/*.jar} on the
 * classpath).
 */
record DeployedArtifacts(Path functionJar, List<Path> layerJars) {

    /**
     * The project's own dependencies that are not the AWS SDK. The baseline leaves them out; each
     * must match a layer jar, so a renamed jar cannot slip into the baseline unnoticed.
     */
    private static final List<String> NOT_SDK = List.of("shared-", "nimbus-jose-jwt-", "jackson-core-", "aws-lambda-java-", "crac-");

    static DeployedArtifacts of(DeployedFunction function, Path unpackTo) {
        Path jar = function.root().resolve(function.function().codeUri());
        Path zip = function.root().resolve(layerContentUri(function.template()));
        for (Path artifact : List.of(jar, zip)) {
            if (!Files.isRegularFile(artifact)) {
                throw new IllegalStateException(artifact + " is missing: build with `mvn -q -B -DskipTests package` first");
            }
        }
        return new DeployedArtifacts(jar, unpack(zip, unpackTo));
    }

    /** The AWS SDK's jars (the service client, the url-connection client and what they need), alone. */
    List<Path> sdkJars() {
        List<Path> sdk = new ArrayList<>(layerJars);
        for (String prefix : NOT_SDK) {
            if (!sdk.removeIf(jar -> jar.getFileName().toString().startsWith(prefix))) {
                throw new IllegalStateException("No layer jar starts with " + prefix + ": update DeployedArtifacts.NOT_SDK");
            }
        }
        return sdk;
    }

    private static String layerContentUri(SamTemplate template) {
        List<String> layers = template.resourcesOfType("AWS::Serverless::LayerVersion");
        if (layers.size() != 1) {
            throw new IllegalStateException("Expected one layer in template.yaml, found " + layers);
        }
        Map<?, ?> properties = (Map<?, ?>) template.resource(layers.get(0)).get("Properties");
        return String.valueOf(properties.get("ContentUri"));
    }

    private static List<Path> unpack(Path zip, Path target) {
        try {
            deleteTree(target);
            try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
                for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                    Path out = target.resolve(entry.getName()).normalize();
                    if (!out.startsWith(target)) {
                        throw new IOException("Layer entry outside the layer: " + entry.getName());
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(out);
                    } else {
                        Files.createDirectories(out.getParent());
                        Files.copy(in, out);
                    }
                }
            }
            try (Stream<Path> jars = Files.list(target.resolve("java/lib"))) {
                return jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot unpack " + zip, e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
