package dev.myprofile.testkit;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hook every integration test goes through: a handler that answers what openapi.yaml describes
 * passes, and one that answers anything else — a field, a status, a header — fails the test, as
 * does a handler that accepts a request the document refuses.
 */
class ApiContractTest {
    private static final String OVERVIEW = "{\"displayName\":\"Ada Lovelace\",\"email\":\"ada@contoso.example\","
            + "\"phone\":null,\"jobTitle\":null,\"preferredLanguage\":\"en-GB\",\"homeOrganization\":null,"
            + "\"editableFields\":[\"displayName\",\"phone\",\"preferredLanguage\"],\"version\":3,"
            + "\"updatedAt\":\"2026-11-29T18:52:07.412518Z\"}";

    private static Map<String, String> headers(String contentType) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", contentType);
        headers.put("Cache-Control", "no-store");
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("Vary", "Origin");
        return headers;
    }

    private static APIGatewayV2HTTPResponse answer(int status, Map<String, String> headers, String body) {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status).withHeaders(headers).withBody(body).build();
    }

    private static APIGatewayV2HTTPResponse overview(String body) {
        Map<String, String> headers = headers("application/json");
        headers.put("ETag", "\"3\"");
        return answer(200, headers, body);
    }

    private static APIGatewayV2HTTPResponse call(RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler,
                                                 APIGatewayV2HTTPEvent event) {
        return ApiContract.checked(handler).handleRequest(event, new TestContext());
    }

    private static APIGatewayV2HTTPEvent getMe() {
        return Events.load("get-me");
    }

    @Test
    void the_document_is_valid_OpenAPI_3_0_3_with_a_path_for_every_route() {
        ApiContract contract = ApiContract.document();
        assertEquals("3.0.3", contract.api().getOpenapi());
        assertEquals(SamTemplate.load().routes().stream().map(SamTemplate.Route::path).distinct().count(),
                contract.api().getPaths().size());
    }

    @Test
    void a_documented_answer_passes() {
        APIGatewayV2HTTPResponse response = call((event, context) -> overview(OVERVIEW), getMe());
        assertEquals(200, response.getStatusCode());
    }

    @Test
    void an_undocumented_field_fails() {
        AssertionError failure = assertThrows(AssertionError.class,
                () -> call((event, context) -> overview(OVERVIEW.replace("}", ",\"isAdmin\":false}")), getMe()));
        assertTrue(failure.getMessage().contains("isAdmin"), failure::getMessage);
    }

    @Test
    void a_documented_field_of_the_wrong_shape_fails() {
        assertThrows(AssertionError.class, () -> call((event, context) -> overview(OVERVIEW.replace("\"version\":3", "\"version\":\"3\"")), getMe()));
        assertThrows(AssertionError.class, () -> call((event, context) -> overview(OVERVIEW.replace("\"phone\":null,", "")), getMe()));
    }

    @Test
    void an_undocumented_status_fails() {
        AssertionError failure = assertThrows(AssertionError.class, () -> call((event, context) -> answer(418,
                headers("application/problem+json"),
                "{\"type\":\"urn:myprofile:problem:teapot\",\"title\":\"Teapot\",\"status\":418,\"detail\":\"No.\"}"), getMe()));
        assertTrue(failure.getMessage().contains("418"), failure::getMessage);
    }

    @Test
    void an_undocumented_header_fails() {
        AssertionError failure = assertThrows(AssertionError.class, () -> call((event, context) -> {
            APIGatewayV2HTTPResponse response = overview(OVERVIEW);
            response.getHeaders().put("X-Powered-By", "Java");
            return response;
        }, getMe()));
        assertTrue(failure.getMessage().contains("X-Powered-By"), failure::getMessage);
    }

    @Test
    void a_missing_required_header_fails() {
        assertThrows(AssertionError.class, () -> call((event, context) -> {
            APIGatewayV2HTTPResponse response = overview(OVERVIEW);
            response.getHeaders().remove("ETag");
            return response;
        }, getMe()));
    }

    @Test
    void an_undocumented_problem_type_fails() {
        Map<String, String> headers = headers("application/problem+json");
        headers.put("WWW-Authenticate", "Bearer error=\"invalid_token\", error_description=\"The access token is not valid\"");
        assertThrows(AssertionError.class, () -> call((event, context) -> answer(401, headers,
                "{\"type\":\"urn:myprofile:problem:expired\",\"title\":\"Sign-in required\",\"status\":401,\"detail\":\"Old.\"}"), getMe()));
    }

    @Test
    void a_handler_that_accepts_what_the_document_refuses_fails() {
        APIGatewayV2HTTPEvent event = Events.load("patch-me");
        event.setBody("{\"phone\":\"0701234567\"}");
        AssertionError failure = assertThrows(AssertionError.class, () -> call((e, context) -> overview(OVERVIEW), event));
        assertTrue(failure.getMessage().contains("the document refuses this request"), failure::getMessage);
    }

    @Test
    void refusing_what_the_document_refuses_passes() {
        APIGatewayV2HTTPEvent event = Events.load("patch-me");
        event.setBody("{\"phone\":\"0701234567\"}");
        String problem = "{\"type\":\"urn:myprofile:problem:validation\",\"title\":\"The request is not valid\",\"status\":400,"
                + "\"detail\":\"phone: must be a phone number\",\"errors\":[{\"field\":\"phone\",\"code\":\"not-phone-number\",\"message\":\"must be a phone number\"}]}";
        assertEquals(400, call((e, context) -> answer(400, headers("application/problem+json"), problem), event).getStatusCode());
    }

    @Test
    void the_recorder_reports_what_broke_the_document_since_the_last_check() {
        ApiContract.Recorder recorder = ApiContract.recorder();
        recorder.accept(getMe(), overview(OVERVIEW));
        recorder.assertKept();
        recorder.accept(getMe(), overview(OVERVIEW.replace("}", ",\"isAdmin\":false}")));
        AssertionError failure = assertThrows(AssertionError.class, recorder::assertKept);
        assertTrue(failure.getMessage().contains("isAdmin"), failure::getMessage);
        recorder.assertKept();
    }

    @Test
    void every_sample_event_is_a_request_the_document_accepts() {
        for (var file : Events.all()) {
            var refusals = ApiContract.document().refusals(Events.read(file));
            assertTrue(refusals.isEmpty(), () -> file + ": " + refusals);
        }
    }
}
