package dev.myprofile.profile.entrypoints;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myprofile.shared.log.Log;
import dev.myprofile.testkit.ApiContract;
import dev.myprofile.testkit.Events;
import dev.myprofile.testkit.TestContext;
import dev.myprofile.testkit.TestEnvironment;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Logs are one JSON object a line, carry the request id, and never a token or a phone number. */
class LoggingTest {
    @Test
    void every_line_is_JSON_with_the_request_id_and_nothing_secret() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream before = Log.redirect(new PrintStream(captured, true, StandardCharsets.UTF_8));
        String token;
        String forged;
        try (TestEnvironment env = TestEnvironment.create()) {
            ApiContract.Checked get = ApiContract.checked(new GetMeHandler(env.api()));
            ApiContract.Checked patch = ApiContract.checked(new PatchMeHandler(env.api()));
            token = env.issuer().token("logged").claim("phone_number", "+46701112233").sign();
            forged = token.substring(0, token.length() - 4) + "AAAA";

            APIGatewayV2HTTPEvent read = Events.withToken(Events.load("get-me"), token);
            read.getRequestContext().setRequestId("req-read-1");
            get.handleRequest(read, new TestContext());

            APIGatewayV2HTTPEvent edit = Events.withToken(Events.load("patch-me"), token);
            edit.getRequestContext().setRequestId("req-edit-2");
            edit.setBody("{\"phone\":\"+46709998877\"}");
            patch.handleRequest(edit, new TestContext());

            APIGatewayV2HTTPEvent bad = Events.withToken(Events.load("get-me"), forged);
            bad.getRequestContext().setRequestId("req-bad-3");
            get.handleRequest(bad, new TestContext());
        } finally {
            Log.redirect(before);
        }

        String output = captured.toString(StandardCharsets.UTF_8);
        List<String> lines = output.lines().filter(l -> !l.isBlank()).toList();
        assertTrue(lines.size() >= 3, output);
        ObjectMapper json = new ObjectMapper();
        for (String line : lines) {
            JsonNode entry = json.readTree(line);
            assertTrue(entry.path("requestId").asText().startsWith("req-"), line);
            assertFalse(entry.path("time").asText().isEmpty(), line);
        }
        assertEquals(1, lines.stream().filter(l -> l.contains("\"token.rejected\"") && l.contains("req-bad-3")).count(), output);
        for (String secret : List.of(token, forged, token.split("\\.")[1], token.split("\\.")[2], "+46701112233", "+46709998877", "Bearer")) {
            assertFalse(output.contains(secret), () -> "logged a secret: " + secret);
        }
    }
}
