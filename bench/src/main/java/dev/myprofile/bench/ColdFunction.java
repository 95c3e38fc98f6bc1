package dev.myprofile.bench;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent.RequestContext;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.myprofile.shared.http.Api;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Cold-start child for any API function of the template: builds the handler the way the Lambda
 * runtime does (its class by name, the no-argument constructor: configuration from the process
 * environment) and answers one payload-2.0 request; the event comes in as arguments, so the child needs
 * no JSON mapper the function would not have.
 *
 * <p>Modes: {@code cold} — construct, answer once (a container without SnapStart, or SnapStart without
 * priming). {@code primed} — construct, run the SnapStart hooks as the runtime does before the snapshot
 * and after a restore, with what a restore does to the network in between (the connections priming
 * left idle are closed: a restored copy never reuses them), then answer once, then {@code warm} more
 * times. Timings on one {@code TIMES} line: milliseconds of wall clock and of this thread's CPU time.
 *
 * <p>Arguments: mode, warm requests, handler class, route key, method, raw path, path parameters
 * ({@code k=v;k=v} or empty), raw query string, body (or empty), the whole Authorization header.
 */
public final class ColdFunction {
    private ColdFunction() {}

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        // Nothing of the harness's own before the first response in cold mode (no formatting, no
        // management beans): those would load classes the function does not, and count against it.
        boolean primed = args[0].equals("primed");
        int warm = Integer.parseInt(args[1]);
        ThreadMXBean cpu = primed ? ManagementFactory.getThreadMXBean() : null;
        long started = System.nanoTime();
        var handler = (RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>)
                Class.forName(args[2]).getConstructor().newInstance();
        long built = System.nanoTime();
        long primeNanos = -1;
        if (primed) {
            var priming = Api.fromEnvironment().priming();
            long before = System.nanoTime();
            priming.beforeCheckpoint(null);
            primeNanos = System.nanoTime() - before;
            closeIdleConnections();
            priming.afterRestore(null);
        }
        var first = event(args, "first");
        if (primed) {
            FirstRequestStarts.mark();
        }
        long firstCpu = primed ? cpu.getCurrentThreadCpuTime() : 0;
        long firstStart = System.nanoTime();
        APIGatewayV2HTTPResponse response = handler.handleRequest(first, null);
        long firstEnd = System.nanoTime();
        long firstCpuEnd = primed ? cpu.getCurrentThreadCpuTime() : 0;
        if (primed) {
            FirstRequestEnds.mark();
        }
        int status = response.getStatusCode();
        if (status >= 500) {
            System.out.println("FAIL " + status + " " + response.getBody());
            System.exit(1);
        }
        if (!primed) {
            // The parent's clock stops here, at the first response, as in the other cold-start children.
            System.out.println("DONE");
            System.out.flush();
        }

        StringBuilder times = new StringBuilder("TIMES");
        times.append(" initMs=").append(ms(built - started));
        if (primed) {
            times.append(" primeMs=").append(ms(primeNanos));
            times.append(" firstCpuMs=").append(ms(firstCpuEnd - firstCpu));
        }
        times.append(" firstMs=").append(ms(firstEnd - firstStart));
        if (warm > 0) {
            // Steady state: the median of the second half of the requests that follow.
            List<Long> wall = new ArrayList<>();
            List<Long> thread = new ArrayList<>();
            ThreadMXBean threads = cpu != null ? cpu : ManagementFactory.getThreadMXBean();
            for (int i = 0; i < warm; i++) {
                var event = event(args, "warm");
                long c = threads.getCurrentThreadCpuTime();
                long t = System.nanoTime();
                int again = handler.handleRequest(event, null).getStatusCode();
                wall.add(System.nanoTime() - t);
                thread.add(threads.getCurrentThreadCpuTime() - c);
                if (again != status) {
                    System.out.println("FAIL warm request answered " + again + ", the first " + status);
                    System.exit(1);
                }
            }
            times.append(" warmMs=").append(ms(secondHalfMedian(wall))).append(" warmCpuMs=").append(ms(secondHalfMedian(thread)));
        }
        times.append(" status=").append(status);
        System.out.println(times);
        if (primed) {
            System.out.println("DONE");
        }
        System.out.flush();
        System.exit(0);
    }

    /** Loaded just before the first request after restore: its line in a class-load log marks the start. */
    static final class FirstRequestStarts {
        static void mark() {}
    }

    /** Loaded just after it: the classes logged between the two are the first request's own. */
    static final class FirstRequestEnds {
        static void mark() {}
    }

    private static APIGatewayV2HTTPEvent event(String[] args, String requestId) {
        String method = args[4];
        String userAgent = "Mozilla/5.0 (X11; Linux x86_64)";
        Map<String, String> headers = new HashMap<>(Map.of(
                "accept", "application/json",
                "authorization", args[9],
                "host", "abc123.execute-api.eu-north-1.amazonaws.com",
                "origin", MeEvent.ORIGIN,
                "user-agent", userAgent,
                "x-forwarded-for", "203.0.113.7",
                "x-forwarded-proto", "https"));
        if (!args[8].isEmpty()) {
            headers.put("content-type", "application/json");
        }
        var builder = APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(args[3])
                .withRawPath(args[5])
                .withRawQueryString(args[7])
                .withHeaders(headers)
                .withRequestContext(RequestContext.builder()
                        .withRouteKey(args[3])
                        .withStage("$default")
                        .withRequestId(requestId)
                        .withHttp(RequestContext.Http.builder()
                                .withMethod(method)
                                .withPath(args[5])
                                .withProtocol("HTTP/1.1")
                                .withSourceIp("203.0.113.7")
                                .withUserAgent(userAgent)
                                .build())
                        .build())
                .withIsBase64Encoded(false);
        if (!args[6].isEmpty()) {
            Map<String, String> parameters = new HashMap<>();
            for (String pair : args[6].split(";")) {
                int eq = pair.indexOf('=');
                parameters.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
            builder.withPathParameters(parameters);
        }
        if (!args[7].isEmpty()) {
            Map<String, String> query = new HashMap<>();
            for (String pair : args[7].split("&")) {
                int eq = pair.indexOf('=');
                query.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
            builder.withQueryStringParameters(query);
        }
        if (!args[8].isEmpty()) {
            builder.withBody(args[8]);
        }
        return builder.build();
    }

    /**
     * What a SnapStart restore does to the connections the snapshot holds: none is usable afterwards
     * (the JDK's keep-alive cache skips any idle past its keep-alive time by the wall clock, which a
     * restore moves on by minutes to days). Here the clock does not jump, so the harness closes them:
     * the JDK's cache, through reflection (the child runs with --add-opens for this alone).
     */
    private static void closeIdleConnections() throws Exception {
        Class<?> httpClient = Class.forName("sun.net.www.http.HttpClient");
        Field kacField = httpClient.getDeclaredField("kac");
        kacField.setAccessible(true);
        Map<?, ?> cache = (Map<?, ?>) kacField.get(null);
        Method closeServer = httpClient.getDeclaredMethod("closeServer");
        closeServer.setAccessible(true);
        synchronized (cache) {
            for (Object clients : new ArrayList<>(cache.values())) {
                for (Object entry : new ArrayList<>((Collection<?>) clients)) {
                    Field hc = entry.getClass().getDeclaredField("hc");
                    hc.setAccessible(true);
                    closeServer.invoke(hc.get(entry));
                }
            }
            cache.clear();
        }
    }

    private static long secondHalfMedian(List<Long> values) {
        long[] tail = values.subList(values.size() / 2, values.size()).stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(tail);
        return tail[tail.length / 2];
    }

    private static String ms(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.3f", nanos / 1e6);
    }
}
