package dev.myprofile.local;

import dev.myprofile.testkit.Project;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One way to reach AWS (issue 22, item 2): deployed code (the layer and every function module's
 * {@code src/main}) reaches an AWS service only through an SDK v2 service client. No request is
 * signed by hand, no {@code X-Amz-Target} header is set by hand, no request is handed to an SDK HTTP
 * client directly, and no raw connection is opened — except in the one bounded GET helper the layer
 * keeps for the OpenID provider's own endpoints (discovery, UserInfo), which are not AWS services.
 * Read from the sources, comments left out, so a new module is covered without a change here.
 */
class AwsAccessContractTest {
    /** The one place allowed to open a raw HTTP connection: the bounded GET for OpenID discovery and UserInfo. */
    static final String BOUNDED_GET = "shared/src/main/java/dev/myprofile/shared/config/BoundedGet.java";

    /** What hand-built AWS access looks like, each with the reason it is refused. */
    private static final Map<Pattern, String> HAND_BUILT = Map.of(
            Pattern.compile("\\bAwsV4(Family)?HttpSigner\\b|\\bAws4(Presigner|Signer|UnsignedPayloadSigner)\\b|\\bAwsS3V4Signer\\b"),
            "a request signed by hand (use the service's SDK client, or S3Presigner for a link)",
            Pattern.compile("(?i)\"x-amz-target\"\\s*,"),
            "an X-Amz-Target header set by hand (the service's SDK client names the operation)",
            Pattern.compile("\\.prepareRequest\\s*\\(|\\bHttpExecuteRequest\\.builder\\s*\\(|\\bSdkHttpFullRequest\\.builder\\s*\\("),
            "a request handed to an SDK HTTP client directly (use the service's SDK client)");

    /** A raw connection: allowed only in {@link #BOUNDED_GET}. */
    private static final Pattern RAW_HTTP = Pattern.compile(
            "\\bHttpURLConnection\\b|\\bHttpsURLConnection\\b|\\bURLConnection\\b|\\bjava\\.net\\.http\\b|\\bHttpClient\\.new"
                    + "|\\.openConnection\\s*\\(|\\.openStream\\s*\\(|\\bnew\\s+Socket\\s*\\(|\\bSocketChannel\\.open\\s*\\(");

    private static final Pattern BLOCK_COMMENT = Pattern.compile("(?s)/\\*.*?\\*/");
    private static final Pattern LINE_COMMENT = Pattern.compile("(?m)(^|\\s)//.*$");

    private final Path root = Project.root();

    private List<Path> deployedSources() throws IOException {
        List<Path> folders = new ArrayList<>();
        folders.add(root.resolve("shared/src/main/java"));
        try (Stream<Path> modules = Files.list(root.resolve("functions"))) {
            modules.map(m -> m.resolve("src/main/java")).filter(Files::isDirectory).forEach(folders::add);
        }
        List<Path> files = new ArrayList<>();
        for (Path folder : folders) {
            try (Stream<Path> walk = Files.walk(folder)) {
                walk.filter(f -> f.toString().endsWith(".java")).forEach(files::add);
            }
        }
        return files;
    }

    private static String code(Path file) throws IOException {
        return LINE_COMMENT.matcher(BLOCK_COMMENT.matcher(Files.readString(file)).replaceAll(" ")).replaceAll("$1");
    }

    @Test
    void deployed_code_reaches_aws_only_through_sdk_service_clients() throws IOException {
        List<Path> files = deployedSources();
        assertTrue(files.size() > 50, "found too few deployed sources: " + files.size());
        List<String> found = new ArrayList<>();
        for (Path file : files) {
            String code = code(file);
            String name = root.relativize(file).toString();
            HAND_BUILT.forEach((pattern, why) -> {
                Matcher m = pattern.matcher(code);
                if (m.find()) {
                    found.add(name + ": " + m.group() + " — " + why);
                }
            });
            Matcher raw = RAW_HTTP.matcher(code);
            if (raw.find() && !name.equals(BOUNDED_GET)) {
                found.add(name + ": " + raw.group() + " — a raw connection (AWS: its SDK client; an OpenID endpoint: "
                        + BOUNDED_GET + ")");
            }
        }
        assertTrue(found.isEmpty(), () -> "hand-built access to a service in deployed code:\n  " + String.join("\n  ", found));
    }

    @Test
    void the_bounded_get_is_the_one_raw_connection_and_both_openid_calls_use_it() throws IOException {
        Path helper = root.resolve(BOUNDED_GET);
        assertTrue(Files.isRegularFile(helper), "the layer's bounded GET helper: " + BOUNDED_GET);
        assertTrue(RAW_HTTP.matcher(code(helper)).find(), "the helper makes the request itself");
        for (String user : List.of("shared/src/main/java/dev/myprofile/shared/auth/OpenIdDiscovery.java",
                "functions/profile/src/main/java/dev/myprofile/profile/userinfo/UserInfo.java")) {
            assertTrue(code(root.resolve(user)).contains("BoundedGet"), () -> user + " fetches through BoundedGet");
        }
    }
}
