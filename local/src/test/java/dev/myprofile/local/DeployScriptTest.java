package dev.myprofile.local;

import dev.myprofile.testkit.Project;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's "Deploy to AWS" steps are ./deploy's, word for word and in order, and `./deploy --offline`
 * runs every one of them that needs no AWS account (the artifacts this build packaged, the SAM transform,
 * cfn-lint, the site build) and prints what remains for a real account.
 */
class DeployScriptTest {
    private static final Pattern README_STEP = Pattern.compile("^(\\d+\\. .+)$", Pattern.MULTILINE);
    private static final Pattern SCRIPT_STEP = Pattern.compile("^== (\\d+\\. .+)$", Pattern.MULTILINE);

    private final Path root = Project.root();

    private List<String> readmeSteps() throws Exception {
        String readme = Files.readString(root.resolve("README.md"));
        int start = readme.indexOf("## Deploy to AWS");
        assertTrue(start >= 0, "README has a Deploy to AWS section");
        int end = readme.indexOf("\n## ", start + 1);
        String section = readme.substring(start, end < 0 ? readme.length() : end);
        List<String> steps = new ArrayList<>();
        Matcher m = README_STEP.matcher(section);
        while (m.find()) {
            steps.add(m.group(1).replace("`", ""));
        }
        return steps;
    }

    @Test
    void the_offline_deploy_runs_the_READMEs_steps_that_need_no_account_and_says_what_remains() throws Exception {
        ProcessBuilder builder = new ProcessBuilder("./deploy", "--offline").directory(root.toFile()).redirectErrorStream(true);
        // This build has packaged the artifacts already (the reactor builds every function before local).
        builder.environment().put("SKIP_PACKAGE", "1");
        Process deploy = builder.start();
        String output = new String(deploy.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, deploy.waitFor(), output);

        List<String> steps = new ArrayList<>();
        Matcher m = SCRIPT_STEP.matcher(output);
        while (m.find()) {
            steps.add(m.group(1));
        }
        assertEquals(6, steps.size(), output);
        assertEquals(readmeSteps(), steps, "the README's steps are the script's, word for word");

        assertTrue(output.contains("SAM's translator and cfn-lint accept template.yaml"), output);
        assertTrue(output.contains("site build: target/deploy/site"), output);
        assertTrue(Files.isRegularFile(root.resolve("target/deploy/site/config.json")));
        assertFalse(Files.readString(root.resolve("target/deploy/site/index.html")).contains("{apiOrigin}"));
        assertTrue(output.contains("What remains for you on a real account"), output);
        for (String remains : List.of("admin-create-user", "SES", "SMS", "Plus", "AlarmEmail")) {
            assertTrue(output.substring(output.indexOf("What remains")).contains(remains), remains);
        }
    }
}
