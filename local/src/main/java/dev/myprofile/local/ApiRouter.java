package dev.myprofile.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.myprofile.shared.http.Api;
import dev.myprofile.shared.platform.Platform;
import dev.myprofile.testkit.SamTemplate;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP API's routes, read from template.yaml's HttpApi events, each bound to an instance of the
 * handler class the template names, built with that function's own environment — as API Gateway and
 * Lambda would. Functions without routes (schedules, EventBridge rules) are kept by logical id. Matching follows API Gateway: a literal segment beats a parameter; {@code {name+}}
 * is greedy.
 */
public final class ApiRouter {

    public record Route(String method, String path, String functionId, String handlerClass,
                        Pattern pattern, List<String> parameters,
                        RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler) {
        public String routeKey() {
            return method + " " + path;
        }
    }

    public record Match(Route route, Map<String, String> pathParameters) {}

    private final List<Route> routes;
    private final Map<String, RequestHandler<Map<String, Object>, Map<String, Object>>> eventFunctions;

    private ApiRouter(List<Route> routes, Map<String, RequestHandler<Map<String, Object>, Map<String, Object>>> eventFunctions) {
        this.routes = routes;
        this.eventFunctions = eventFunctions;
    }

    /**
     * @param platformFor builds the platform for one function's resolved environment (the caller
     *                    shares clients between functions whose environments are equal)
     */
    public static ApiRouter fromTemplate(SamTemplate template, Map<String, String> references,
                                         Function<Map<String, String>, Platform> platformFor) {
        // One Api per platform, as one container's pipeline serves every request of that function.
        Map<Platform, Api> apis = new IdentityHashMap<>();
        List<Route> routes = new ArrayList<>();
        Map<String, RequestHandler<Map<String, Object>, Map<String, Object>>> eventFunctions = new LinkedHashMap<>();
        for (SamTemplate.Function function : template.functions()) {
            Map<String, String> environment = template.environment(function, references);
            if (function.routes().isEmpty()) {
                eventFunctions.put(function.logicalId(),
                        instantiate(function.handlerClass(), Platform.class, platformFor.apply(environment)));
                continue;
            }
            RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler =
                    instantiate(function.handlerClass(), Api.class, apis.computeIfAbsent(platformFor.apply(environment), Api::create));
            for (SamTemplate.Route route : function.routes()) {
                List<String> parameters = new ArrayList<>();
                routes.add(new Route(route.method(), route.path(), function.logicalId(), function.handlerClass(),
                        compile(route.path(), parameters), List.copyOf(parameters), handler));
            }
        }
        // Literal paths before parameterised ones, as API Gateway prefers the most specific route.
        routes.sort((a, b) -> Long.compare(a.path().chars().filter(c -> c == '{').count(),
                b.path().chars().filter(c -> c == '{').count()));
        return new ApiRouter(List.copyOf(routes), Map.copyOf(eventFunctions));
    }

    @SuppressWarnings("unchecked")
    private static <I, O, D> RequestHandler<I, O> instantiate(String className, Class<D> dependency, D value) {
        try {
            return (RequestHandler<I, O>) Class.forName(className).getConstructor(dependency).newInstance(value);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("template.yaml names handler " + className
                    + ", which needs a public constructor taking " + dependency.getSimpleName(), e);
        }
    }

    private static Pattern compile(String path, List<String> parameters) {
        Matcher m = Pattern.compile("\\{([A-Za-z0-9_]+)(\\+?)}").matcher(path);
        StringBuilder regex = new StringBuilder();
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(path.substring(last, m.start())));
            regex.append(m.group(2).isEmpty() ? "([^/]+)" : "(.+)");
            parameters.add(m.group(1));
            last = m.end();
        }
        regex.append(Pattern.quote(path.substring(last)));
        return Pattern.compile(regex.toString());
    }

    public List<Route> routes() {
        return routes;
    }

    /** Functions triggered by schedules and events rather than HTTP, by logical id. */
    public Map<String, RequestHandler<Map<String, Object>, Map<String, Object>>> eventFunctions() {
        return eventFunctions;
    }

    public Optional<Match> match(String method, String path) {
        for (Route route : routes) {
            Matcher m = route.pattern().matcher(path);
            if (route.method().equals(method) && m.matches()) {
                Map<String, String> values = new LinkedHashMap<>();
                for (int i = 0; i < route.parameters().size(); i++) {
                    values.put(route.parameters().get(i), m.group(i + 1));
                }
                return Optional.of(new Match(route, values));
            }
        }
        return Optional.empty();
    }

    /** The methods routed at this path, in order (empty: 404; otherwise 405 with them as {@code Allow}). */
    public List<String> methodsAt(String path) {
        return routes.stream().filter(r -> r.pattern().matcher(path).matches())
                .map(Route::method).distinct().sorted().toList();
    }
}
