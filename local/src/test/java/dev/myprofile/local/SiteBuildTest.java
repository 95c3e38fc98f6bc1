package dev.myprofile.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myprofile.testkit.Project;
import dev.myprofile.testkit.SamTemplate;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The site artifact, built as ./deploy builds it (the JDK runs SiteBuild.java as it is) from the
 * stack's outputs — here template.yaml's own Outputs, evaluated for a stack with every default, with
 * stand-ins for what CloudFormation would create — has no placeholder left, and its config.json names
 * the stack's issuer, client and API.
 */
class SiteBuildTest {
    private final Path root = Project.root();
    private final SamTemplate template = SamTemplate.load();

    /** What `aws cloudformation describe-stacks` would print for a stack with every default. */
    private Map<String, String> outputsOfAStackWithEveryDefault() {
        Map<String, String> references = new HashMap<>(template.parameterDefaults());
        references.put("AWS::StackName", "sam-app");
        references.put("AWS::AccountId", "123456789012");
        references.put("AWS::Region", "eu-north-1");
        references.put("AWS::Partition", "aws");
        references.put("AWS::URLSuffix", "amazonaws.com");
        references.put("AWS::StackId", "arn:aws:cloudformation:eu-north-1:123456789012:stack/sam-app/51af3dc0-da77-11e4-872e-1234567db123");
        references.put("UserPool", "eu-north-1_Example1");
        references.put("WebClient", "1example23456789abcdefghij");
        references.put("HttpApi", "abc123");
        references.put("WebBucket", "sam-app-webbucket-1a2b3c");
        references.put("WebDistribution", "E2EXAMPLE");
        references.put("WebDistribution.DomainName", "d111111abcdef8.cloudfront.net");
        Map<String, Boolean> conditions = template.conditions(references);
        Map<String, String> outputs = new LinkedHashMap<>();
        SamTemplate.map(template.root().get("Outputs")).forEach((name, definition) -> {
            Map<String, Object> output = SamTemplate.map(definition);
            Object condition = output.get("Condition");
            if (condition == null || conditions.get(String.valueOf(condition))) {
                if (SiteBuild.REQUIRED.contains(name) || name.equals("ManagedLoginLogoutUrl")) {
                    outputs.put(name, template.evaluate(output.get("Value"), references));
                }
            }
        });
        return outputs;
    }

    @Test
    void the_site_is_built_from_the_stacks_outputs_with_no_placeholder_left_and_config_naming_the_issuer_client_and_API()
            throws Exception {
        Map<String, String> outputs = outputsOfAStackWithEveryDefault();
        assertEquals(SiteBuild.REQUIRED.size() + 1, outputs.size(), () -> "the template outputs what the site needs: " + outputs);
        Path work = root.resolve("local/target/site-build-test");
        Files.createDirectories(work);
        Path outputsFile = work.resolve("outputs.txt");
        StringBuilder lines = new StringBuilder();
        outputs.forEach((k, v) -> lines.append(k).append('\t').append(v).append('\n'));
        Files.writeString(outputsFile, lines);
        Path site = work.resolve("site");

        // Exactly ./deploy's command.
        Process build = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "local/src/main/java/dev/myprofile/local/SiteBuild.java", outputsFile.toString(), "web", site.toString())
                .directory(root.toFile()).redirectErrorStream(true).start();
        String log = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, build.waitFor(), log);
        String deploy = Files.readString(root.resolve("deploy"));
        assertTrue(deploy.contains("java local/src/main/java/dev/myprofile/local/SiteBuild.java"), "./deploy builds the site the same way");

        String index = Files.readString(site.resolve("index.html"));
        assertFalse(index.contains("{issuerOrigin}") || index.contains("{apiOrigin}"), "a placeholder is left");
        String policy = StaticFiles.metaPolicy(site.resolve("index.html"));
        assertTrue(policy.contains("connect-src 'self' https://cognito-idp.eu-north-1.amazonaws.com "
                + "https://mp-123456789012-51af3dc0.auth.eu-north-1.amazoncognito.com https://abc123.execute-api.eu-north-1.amazonaws.com;"),
                policy);
        assertTrue(policy.contains("form-action 'self' https://cognito-idp.eu-north-1.amazonaws.com "
                + "https://mp-123456789012-51af3dc0.auth.eu-north-1.amazoncognito.com;"), policy);
        assertFalse(policy.contains("*"), "the page's own policy names this API alone: " + policy);

        JsonNode config = new ObjectMapper().readTree(site.resolve("config.json").toFile());
        assertEquals("https://cognito-idp.eu-north-1.amazonaws.com/eu-north-1_Example1", config.path("issuer").asText());
        assertEquals("1example23456789abcdefghij", config.path("clientId").asText());
        assertEquals("https://abc123.execute-api.eu-north-1.amazonaws.com", config.path("apiBaseUrl").asText());
        assertEquals("openid email profile aws.cognito.signin.user.admin", config.path("scope").asText());
        assertEquals("https://mp-123456789012-51af3dc0.auth.eu-north-1.amazoncognito.com/logout", config.path("logoutUrl").asText());
        // The same fields the example documents, and every file of web/ but the example.
        JsonNode example = new ObjectMapper().readTree(root.resolve("web/config.example.json").toFile());
        example.fieldNames().forEachRemaining(field -> assertTrue(config.has(field), field));
        assertTrue(Files.isRegularFile(site.resolve("js/app.js")));
        assertFalse(Files.exists(site.resolve("config.example.json")));
    }

    @Test
    void a_missing_output_fails_the_build_rather_than_publish_a_site_that_cannot_sign_in() throws Exception {
        for (String missing : List.of("SignInIssuer", "WebClientId", "ApiUrl", "WebIssuerOrigins")) {
            Map<String, String> outputs = new HashMap<>(outputsOfAStackWithEveryDefault());
            outputs.remove(missing);
            Path site = root.resolve("local/target/site-build-test/missing");
            IllegalArgumentException refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> SiteBuild.build(outputs, root.resolve("web"), site));
            assertTrue(refused.getMessage().contains(missing), refused::getMessage);
        }
        assertNotEquals(0, SiteBuild.REQUIRED.size());
    }
}
