package dev.myprofile.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import dev.myprofile.testkit.ApiContract;
import dev.myprofile.testkit.Events;
import dev.myprofile.testkit.Project;
import dev.myprofile.testkit.SamTemplate;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.responses.ApiResponse;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * openapi.yaml, the API's contract, is held to template.yaml (the same routes, both ways), to
 * OpenAPI itself (the validating library loads it only when it is valid 3.0.3), to its own examples
 * (each one is a request or an answer the document accepts), and to the tests: every integration
 * test reaches a routed handler only through {@link ApiContract#checked}, which validates each
 * exchange against it.
 */
class ApiDescriptionContractTest {
    private static final Pattern EVENT_FILE = Pattern.compile("events/([\\w.-]+\\.json)");
    private static final Pattern CONSTRUCTION = Pattern.compile("new (\\w+)\\(");
    private static final Set<String> PIPELINE_ANSWERS = Set.of("401", "500", "503");
    private static final Set<String> BODY_ANSWERS = Set.of("400", "413", "415");

    private final ApiContract contract = ApiContract.document();
    private final SamTemplate template = SamTemplate.load();

    private Map<String, Operation> documentedOperations() {
        Map<String, Operation> operations = new LinkedHashMap<>();
        contract.api().getPaths().forEach((path, item) -> item.readOperationsMap()
                .forEach((method, operation) -> operations.put(method + " " + path, operation)));
        return operations;
    }

    @Test
    void the_document_is_OpenAPI_3_0_3_which_the_validating_library_fully_supports() {
        // ApiContract loads it through the library's loader, which refuses a document with any parse message.
        assertEquals("3.0.3", contract.api().getOpenapi());
    }

    @Test
    void every_route_of_the_template_is_documented_and_every_documented_operation_is_a_route() {
        Set<String> routes = template.routes().stream().map(SamTemplate.Route::routeKey).collect(Collectors.toCollection(TreeSet::new));
        Set<String> documented = new TreeSet<>(documentedOperations().keySet());
        Set<String> undocumented = new TreeSet<>(routes);
        undocumented.removeAll(documented);
        Set<String> unrouted = new TreeSet<>(documented);
        unrouted.removeAll(routes);
        assertTrue(undocumented.isEmpty(), () -> "routes of template.yaml missing from openapi.yaml: " + undocumented);
        assertTrue(unrouted.isEmpty(), () -> "operations of openapi.yaml that template.yaml does not route: " + unrouted);
    }

    @Test
    void every_operation_needs_a_bearer_token_and_documents_what_the_pipeline_can_answer() {
        documentedOperations().forEach((route, operation) -> {
            assertFalse(operation.getSecurity() == null || operation.getSecurity().isEmpty(), route + " has no security");
            operation.getSecurity().forEach(requirement -> assertTrue(requirement.containsKey("bearer"), route + ": " + requirement));
            Set<String> statuses = operation.getResponses().keySet();
            assertTrue(statuses.containsAll(PIPELINE_ANSWERS), () -> route + " documents " + statuses);
            if (operation.getRequestBody() != null) {
                assertTrue(statuses.containsAll(BODY_ANSWERS), () -> route + " takes a body but documents " + statuses);
            }
        });
    }

    @Test
    void every_example_in_the_document_is_accepted_by_the_document() {
        List<String> failures = new ArrayList<>();
        int examples = 0;
        for (Map.Entry<String, PathItem> path : contract.api().getPaths().entrySet()) {
            for (Map.Entry<PathItem.HttpMethod, Operation> entry : path.getValue().readOperationsMap().entrySet()) {
                String route = entry.getKey() + " " + path.getKey();
                Request.Method method = Request.Method.valueOf(entry.getKey().name());
                Operation operation = entry.getValue();
                if (operation.getRequestBody() != null) {
                    for (Map.Entry<String, MediaType> content : operation.getRequestBody().getContent().entrySet()) {
                        for (Map.Entry<String, Object> example : examples(content.getValue()).entrySet()) {
                            examples++;
                            SimpleRequest request = new SimpleRequest.Builder(method, path.getKey().replaceAll("\\{[^}]+}", "sample-id"))
                                    .withAuthorization("Bearer example")
                                    .withContentType(content.getKey())
                                    .withBody(json(example.getValue()))
                                    .build();
                            report(failures, route + " request " + example.getKey(), contract.validator().validateRequest(request));
                        }
                    }
                }
                for (Map.Entry<String, ApiResponse> response : operation.getResponses().entrySet()) {
                    if (response.getValue().getContent() == null) {
                        continue;
                    }
                    for (Map.Entry<String, MediaType> content : response.getValue().getContent().entrySet()) {
                        for (Map.Entry<String, Object> example : examples(content.getValue()).entrySet()) {
                            examples++;
                            SimpleResponse answer = SimpleResponse.Builder.status(Integer.parseInt(response.getKey()))
                                    .withContentType(content.getKey())
                                    .withBody(json(example.getValue()))
                                    .build();
                            ValidationReport report = contract.validator().validateResponse(path.getKey(), method, answer);
                            // An example is a body; the headers an answer needs are checked on real answers.
                            report(failures, route + " " + response.getKey() + " " + example.getKey(), report);
                        }
                    }
                }
            }
        }
        assertTrue(examples > 30, "the document has examples: " + examples);
        assertTrue(failures.isEmpty(), () -> String.join("\n", failures));
    }

    /** An example that says it is the body of a sample event is that body, so the two cannot drift apart. */
    @Test
    void request_examples_taken_from_events_are_the_sample_events_bodies() throws IOException {
        int compared = 0;
        for (Operation operation : documentedOperations().values()) {
            if (operation.getRequestBody() == null) {
                continue;
            }
            for (MediaType content : operation.getRequestBody().getContent().values()) {
                if (content.getExamples() == null) {
                    continue;
                }
                for (Example example : content.getExamples().values()) {
                    Matcher m = EVENT_FILE.matcher(String.valueOf(example.getSummary()));
                    if (m.find()) {
                        compared++;
                        APIGatewayV2HTTPEvent event = Events.read(Events.folder().resolve(m.group(1)));
                        assertEquals(Json.mapper().readTree(event.getBody()), Json.mapper().valueToTree(example.getValue()),
                                () -> example.getSummary());
                    }
                }
            }
        }
        assertTrue(compared >= 3, "examples from events/: " + compared);
    }

    private static Map<String, Object> examples(MediaType mediaType) {
        Map<String, Object> examples = new LinkedHashMap<>();
        if (mediaType.getExample() != null) {
            examples.put("example", mediaType.getExample());
        }
        if (mediaType.getExamples() != null) {
            mediaType.getExamples().forEach((name, example) -> examples.put(name, ((Example) example).getValue()));
        }
        return examples;
    }

    private static String json(Object value) {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void report(List<String> failures, String what, ValidationReport report) {
        report.getMessages().stream()
                .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .filter(m -> !m.getKey().equals("validation.response.header.missing"))
                .forEach(m -> failures.add(what + ": " + m.getMessage()));
    }

    /**
     * Source, not bytecode: a test that builds a routed handler must hand it to ApiContract.checked
     * in the same expression, so no exchange of an integration test escapes the document.
     */
    @Test
    void every_test_that_builds_a_routed_handler_checks_it_against_the_document() throws IOException {
        Set<String> routed = template.functions().stream()
                .filter(f -> !f.routes().isEmpty())
                .map(f -> f.handlerClass().substring(f.handlerClass().lastIndexOf('.') + 1))
                .collect(Collectors.toSet());
        List<Path> tests = new ArrayList<>();
        for (String module : List.of("functions", "local", "testkit")) {
            try (Stream<Path> files = Files.walk(Project.root().resolve(module))) {
                files.filter(f -> f.toString().contains("/src/test/java/") && f.toString().endsWith(".java")).forEach(tests::add);
            }
        }
        assertFalse(tests.isEmpty());
        List<String> unchecked = new ArrayList<>();
        for (Path test : tests) {
            String source = Files.readString(test);
            Matcher m = CONSTRUCTION.matcher(source);
            while (m.find()) {
                if (routed.contains(m.group(1)) && !source.startsWith("ApiContract.checked(", m.start() - "ApiContract.checked(".length())) {
                    unchecked.add(Project.root().relativize(test) + ": " + m.group());
                }
            }
        }
        assertTrue(unchecked.isEmpty(), () -> "wrap these in ApiContract.checked(...): " + unchecked);
    }
}
