package dev.myprofile.testkit;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.util.OpenApiLoader;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.core.models.ParseOptions;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API's contract, {@code openapi.yaml}, held against what the real handlers do. Every request an
 * integration test makes through {@link #checked} is validated against the document with
 * swagger-request-validator, and so is the handler's answer: a status, a field or a header the
 * document does not describe fails the test. Both ways: a request the document refuses must be
 * refused by the handler too (a 4xx), so a constraint the document promises cannot go unenforced.
 *
 * <p>Test-only: the validator and its dependencies are an optional dependency of the test kit, which
 * each module's tests declare; nothing deployed carries them.
 */
public final class ApiContract {
    /** Headers whose meaning the document carries in another form (a response's media type). */
    private static final Set<String> IMPLIED_HEADERS = Set.of("content-type");
    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");

    private static volatile ApiContract document;

    private final Path file;
    private final OpenAPI api;
    private final OpenApiInteractionValidator validator;

    private ApiContract(Path file) {
        this.file = file;
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setResolveFully(true);
        options.setResolveCombinators(false);
        // Throws, listing the parser's messages, unless the document is valid OpenAPI of its version.
        this.api = new OpenApiLoader().loadApi(OpenApiInteractionValidator.SpecSource.specUrl(file.toUri().toString()),
                List.of(), options);
        this.validator = OpenApiInteractionValidator.createFor(api)
                // Everything is an error; by default an undocumented query parameter would pass unnoticed.
                .withLevelResolver(LevelResolver.create().build())
                .build();
    }

    /** The repository's {@code openapi.yaml}, loaded once. */
    public static ApiContract document() {
        ApiContract contract = document;
        if (contract == null) {
            synchronized (ApiContract.class) {
                if (document == null) {
                    document = load(Project.root().resolve("openapi.yaml"));
                }
                contract = document;
            }
        }
        return contract;
    }

    public static ApiContract load(Path file) {
        return new ApiContract(file);
    }

    public Path file() {
        return file;
    }

    /** The parsed document, with every reference resolved. */
    public OpenAPI api() {
        return api;
    }

    public OpenApiInteractionValidator validator() {
        return validator;
    }

    /** The handler, with every request and answer that passes through it checked against the document. */
    public static Checked checked(RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler) {
        return new Checked(document(), handler);
    }

    /** A handler whose every exchange is held to the contract; a violation fails the calling test. */
    public static final class Checked implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
        private final ApiContract contract;
        private final RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler;

        Checked(ApiContract contract, RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler) {
            this.contract = contract;
            this.handler = handler;
        }

        @Override
        public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
            APIGatewayV2HTTPResponse response = handler.handleRequest(event, context);
            contract.verify(event, response);
            return response;
        }

        public RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler() {
            return handler;
        }
    }

    /**
     * Collects the differences of exchanges made elsewhere — on the local runtime's server threads,
     * where a failure would only reach the browser — for the test to assert on afterwards.
     */
    public static Recorder recorder() {
        return new Recorder(document());
    }

    public static final class Recorder implements BiConsumer<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
        private final ApiContract contract;
        private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
        private final AtomicInteger exchanges = new AtomicInteger();

        Recorder(ApiContract contract) {
            this.contract = contract;
        }

        @Override
        public void accept(APIGatewayV2HTTPEvent event, APIGatewayV2HTTPResponse response) {
            exchanges.incrementAndGet();
            for (String violation : contract.violations(event, response)) {
                violations.add(event.getRouteKey() + " " + response.getStatusCode() + ": " + violation);
            }
        }

        /** Fails with every difference recorded since the last call, so each test answers for its own. */
        public void assertKept() {
            List<String> found;
            synchronized (violations) {
                found = List.copyOf(violations);
                violations.clear();
            }
            int seen = exchanges.getAndSet(0);
            if (!found.isEmpty()) {
                throw new AssertionError(seen + " exchanges, " + found.size() + " break "
                        + contract.file.getFileName() + ":\n  - " + String.join("\n  - ", found));
            }
        }
    }

    /** Fails with every difference between the document and this exchange. */
    public void verify(APIGatewayV2HTTPEvent event, APIGatewayV2HTTPResponse response) {
        List<String> violations = violations(event, response);
        if (!violations.isEmpty()) {
            throw new AssertionError("The exchange breaks " + file.getFileName() + ":\n  - " + String.join("\n  - ", violations)
                    + "\n  request: " + describe(event) + "\n  answer: " + response.getStatusCode() + " "
                    + response.getHeaders() + " " + response.getBody());
        }
    }

    /** Every difference between the document and this exchange; empty when it keeps the contract. */
    public List<String> violations(APIGatewayV2HTTPEvent event, APIGatewayV2HTTPResponse response) {
        String method = method(event);
        String route = route(event);
        List<String> violations = new ArrayList<>();

        List<String> refusals = refusals(event);
        int status = response.getStatusCode();
        if (!refusals.isEmpty() && (status < 400 || status >= 500)) {
            violations.add("the document refuses this request (" + String.join("; ", refusals)
                    + "), but the handler answered " + status + ": the code does not enforce what the document promises");
        }

        ValidationReport responseReport = validator.validateResponse(route, Request.Method.valueOf(method), response(response));
        if (responseReport.hasErrors()) {
            violations.add("answer: " + String.join("; ", messages(responseReport)));
        }
        undocumentedHeaders(route, method, response).forEach(header ->
                violations.add("answer: header '" + header + "' is not documented for " + method + " " + route + " " + status));
        return violations;
    }

    /** Why the document refuses this request; empty when it accepts it. */
    public List<String> refusals(APIGatewayV2HTTPEvent event) {
        return messages(validator.validateRequest(request(event, method(event), route(event))));
    }

    private Set<String> undocumentedHeaders(String route, String method, APIGatewayV2HTTPResponse response) {
        Set<String> undocumented = new TreeSet<>();
        Optional<ApiResponse> documented = Optional.ofNullable(api.getPaths().get(route))
                .map(PathItem::readOperationsMap)
                .map(operations -> operations.get(PathItem.HttpMethod.valueOf(method)))
                .map(Operation::getResponses)
                .map(responses -> responses.get(String.valueOf(response.getStatusCode())));
        if (documented.isEmpty() || response.getHeaders() == null) {
            return undocumented; // an undocumented status is reported by the validator
        }
        Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        if (documented.get().getHeaders() != null) {
            names.addAll(documented.get().getHeaders().keySet());
        }
        for (String header : response.getHeaders().keySet()) {
            if (!names.contains(header) && !IMPLIED_HEADERS.contains(header.toLowerCase(Locale.ROOT))) {
                undocumented.add(header);
            }
        }
        return undocumented;
    }

    private static List<String> messages(ValidationReport report) {
        List<String> lines = new ArrayList<>();
        for (ValidationReport.Message message : report.getMessages()) {
            if (message.getLevel() == ValidationReport.Level.ERROR) {
                lines.add(message.getKey() + ": " + message.getMessage().replace('\n', ' '));
            }
        }
        return lines;
    }

    private static String method(APIGatewayV2HTTPEvent event) {
        if (event.getRouteKey() != null && event.getRouteKey().contains(" ")) {
            return event.getRouteKey().split(" ", 2)[0].toUpperCase(Locale.ROOT);
        }
        return event.getRequestContext().getHttp().getMethod().toUpperCase(Locale.ROOT);
    }

    /** The route API Gateway matched: the path template of the route key, as the document names it. */
    private static String route(APIGatewayV2HTTPEvent event) {
        if (event.getRouteKey() != null && event.getRouteKey().contains(" ")) {
            return event.getRouteKey().split(" ", 2)[1];
        }
        return event.getRawPath();
    }

    /**
     * The request the handler was given, as HTTP: the route with the event's path parameters in place
     * (tests change those, not the sample's raw path), its headers, query and body.
     */
    private static Request request(APIGatewayV2HTTPEvent event, String method, String route) {
        Map<String, String> parameters = event.getPathParameters() == null ? Map.of() : event.getPathParameters();
        Matcher m = PATH_PARAMETER.matcher(route);
        StringBuilder path = new StringBuilder();
        while (m.find()) {
            String value = parameters.getOrDefault(m.group(1), "");
            m.appendReplacement(path, Matcher.quoteReplacement(URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20")));
        }
        m.appendTail(path);

        SimpleRequest.Builder request = new SimpleRequest.Builder(method, path.toString());
        if (event.getHeaders() != null) {
            event.getHeaders().forEach(request::withHeader);
        }
        if (event.getQueryStringParameters() != null) {
            event.getQueryStringParameters().forEach(request::withQueryParam);
        }
        if (event.getBody() != null && !event.getBody().isEmpty()) {
            if (event.getIsBase64Encoded()) {
                try {
                    request.withBody(Base64.getDecoder().decode(event.getBody()));
                } catch (IllegalArgumentException notBase64) {
                    request.withBody(event.getBody());
                }
            } else {
                request.withBody(event.getBody());
            }
        }
        return request.build();
    }

    private static SimpleResponse response(APIGatewayV2HTTPResponse response) {
        SimpleResponse.Builder builder = SimpleResponse.Builder.status(response.getStatusCode());
        if (response.getHeaders() != null) {
            response.getHeaders().forEach(builder::withHeader);
        }
        if (response.getBody() != null) {
            builder.withBody(response.getBody());
        }
        return builder.build();
    }

    private static String describe(APIGatewayV2HTTPEvent event) {
        String body = event.getBody() == null ? "" : event.getBody();
        return event.getRouteKey() + " " + event.getPathParameters() + " " + event.getQueryStringParameters()
                + " " + (body.length() > 200 ? body.substring(0, 200) + "…" : body);
    }
}
