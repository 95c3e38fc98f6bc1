package dev.myprofile.local;

import dev.myprofile.testkit.Project;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a newcomer reads first (issue 24): a walk through the first five minutes before the
 * architecture, the sign-in's own address explained, where the language is chosen, and an install
 * command for every program local/run and local/test check for.
 */
class ReadmeTest {
    /** Each program the scripts refuse to start without → the command in the README that installs it. */
    private static final Map<String, String> INSTALLS = Map.of(
            "javac", "temurin-25-jdk",
            "mvn", " maven",
            "moto_server", "pip install 'moto[server]'",
            "cfn-lint", "pip install cfn-lint",
            "samtranslator", "aws-sam-translator",
            "node", "apt-get install -y nodejs",
            "chromium", "apt-get install -y chromium chromium-driver");

    private static String readme() throws IOException {
        return Files.readString(Project.root().resolve("README.md"));
    }

    @Test
    void the_first_five_minutes_come_before_the_architecture_and_the_two_commands() throws IOException {
        String readme = readme();
        int walk = readme.indexOf("\n## First five minutes\n");
        assertTrue(walk > 0, "a First five minutes section");
        assertTrue(walk < readme.indexOf("\n```\n"), "before the architecture drawing");
        assertTrue(walk < readme.indexOf("\n## Two commands\n"), "before the two commands");
        String section = section(readme, walk);
        assertTrue(section.contains("local/run"), section);
        assertTrue(section.contains("http://login.localhost:"), "the sign-in's own address, explained: " + section);
        assertTrue(section.contains("Preferred language") || section.contains("preferred language"), "where the language is chosen");
    }

    @Test
    void every_program_the_scripts_check_for_has_its_install_command() throws IOException {
        String readme = readme();
        String scripts = Files.readString(Project.root().resolve("local/run")) + Files.readString(Project.root().resolve("local/test"))
                + Files.readString(Project.root().resolve(".ci/jdk.sh"));
        Matcher checked = Pattern.compile("command -v ([\\w-]+)|import (\\w+)|/usr/bin/(chromium)\\b").matcher(scripts);
        List<String> programs = checked.results()
                .map(m -> m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3))
                .filter(program -> !program.equals("apt-get"))
                .distinct()
                .toList();
        assertTrue(programs.size() >= 5, programs::toString);
        for (String program : programs) {
            String install = INSTALLS.get(program);
            assertTrue(install != null, program + " is checked by a script: say here how it is installed");
            assertTrue(readme.contains(install), program + ": the README has no \"" + install + "\"");
        }
    }

    private static String section(String readme, int start) {
        int end = readme.indexOf("\n## ", start + 1);
        return readme.substring(start, end < 0 ? readme.length() : end);
    }
}
