package dev.myprofile.testkit;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Reading handler answers in tests. */
public final class Responses {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Responses() {}

    public static JsonNode json(APIGatewayV2HTTPResponse response) {
        try {
            return MAPPER.readTree(response.getBody());
        } catch (Exception e) {
            return fail("Not JSON: " + response.getBody());
        }
    }

    public static String header(APIGatewayV2HTTPResponse response, String name) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(response.getHeaders());
        return headers.get(name);
    }

    /**
     * Asserts an RFC 9457 problem with this status: the media type, {@code status} equal to the HTTP
     * status, and nothing internal (class names, table names, stack traces) in it.
     */
    public static JsonNode problem(APIGatewayV2HTTPResponse response, int status) {
        assertEquals(status, response.getStatusCode(), () -> "body: " + response.getBody());
        assertEquals("application/problem+json", header(response, "Content-Type"));
        JsonNode problem = json(response);
        assertEquals(status, problem.path("status").asInt());
        assertTrue(problem.path("title").isTextual(), "a problem has a title");
        assertTrue(problem.path("type").isTextual(), "a problem has a type");
        String body = response.getBody();
        for (String leak : new String[] {"Exception", "dev.myprofile", "myprofile-test-", "arn:aws", "\tat "}) {
            assertTrue(!body.contains(leak), () -> "problem leaks '" + leak + "': " + body);
        }
        return problem;
    }
}
