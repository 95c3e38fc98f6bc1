package dev.myprofile.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sits between a client and moto and records each DynamoDB operation that passes (its
 * {@code X-Amz-Target}), and each answer's body. A test can then say "exactly one request" about the
 * real wire, not about a mock.
 */
public final class CountingProxy implements AutoCloseable {
    private final HttpServer server;
    private final URI target;
    private final List<String> operations = Collections.synchronizedList(new ArrayList<>());
    private final List<String> responses = Collections.synchronizedList(new ArrayList<>());
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<String> traceHeaders = Collections.synchronizedList(new ArrayList<>());

    private final java.util.concurrent.ExecutorService executor;
    private final Intercept intercept;

    /** An answer the proxy gives itself instead of passing a request on. */
    public record Answer(int status, String contentType, String body) {}

    /** Picks, by a request's operation and body, the requests the proxy answers itself (a fault on demand). */
    @FunctionalInterface
    public interface Intercept {
        Optional<Answer> answer(String operation, String body);
    }

    private CountingProxy(HttpServer server, URI target, java.util.concurrent.ExecutorService executor, Intercept intercept) {
        this.server = server;
        this.target = target;
        this.executor = executor;
        this.intercept = intercept;
    }

    public static CountingProxy to(URI target) {
        return to(target, (operation, body) -> Optional.empty());
    }

    /** A proxy that answers the requests {@code intercept} picks itself, and passes the rest on. */
    public static CountingProxy to(URI target, Intercept intercept) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            var executor = java.util.concurrent.Executors.newFixedThreadPool(4, task -> {
                Thread thread = new Thread(task, "counting-proxy");
                thread.setDaemon(true);
                return thread;
            });
            CountingProxy proxy = new CountingProxy(server, target, executor, intercept);
            server.createContext("/", proxy::forward);
            server.setExecutor(executor);
            server.start();
            return proxy;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Operation names, like {@code BatchGetItem}, in the order they were sent. */
    public List<String> operations() {
        synchronized (operations) {
            return List.copyOf(operations);
        }
    }

    /** Each request's body, in the order they were sent (beside {@link #operations()}). */
    public List<String> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    public List<String> responses() {
        synchronized (responses) {
            return List.copyOf(responses);
        }
    }

    /** Each request's {@code X-Amzn-Trace-Id} (the X-Ray trace it belongs to), or "" when it had none. */
    public List<String> traceHeaders() {
        synchronized (traceHeaders) {
            return List.copyOf(traceHeaders);
        }
    }

    public void clear() {
        operations.clear();
        requests.clear();
        responses.clear();
        traceHeaders.clear();
    }

    private void forward(HttpExchange exchange) throws IOException {
        String amzTarget = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        String operation = amzTarget == null ? exchange.getRequestMethod() + " " + exchange.getRequestURI()
                : amzTarget.substring(amzTarget.indexOf('.') + 1);
        operations.add(operation);
        String trace = exchange.getRequestHeaders().getFirst("X-Amzn-Trace-Id");
        traceHeaders.add(trace == null ? "" : trace);
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        String request = new String(body, java.nio.charset.StandardCharsets.UTF_8);
        requests.add(request);
        Optional<Answer> own = intercept.answer(operation, request);
        if (own.isPresent()) {
            byte[] answer = own.get().body().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            responses.add(own.get().body());
            exchange.getResponseHeaders().set("Content-Type", own.get().contentType());
            exchange.sendResponseHeaders(own.get().status(), answer.length == 0 ? -1 : answer.length);
            try (OutputStream o = exchange.getResponseBody()) {
                o.write(answer);
            }
            return;
        }
        HttpURLConnection out = (HttpURLConnection) target.resolve(exchange.getRequestURI().toString()).toURL().openConnection();
        out.setRequestMethod(exchange.getRequestMethod());
        for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
            if (!header.getKey().equalsIgnoreCase("Host") && !header.getKey().equalsIgnoreCase("Content-Length")) {
                out.setRequestProperty(header.getKey(), String.join(",", header.getValue()));
            }
        }
        if (body.length > 0) {
            out.setDoOutput(true);
            try (OutputStream o = out.getOutputStream()) {
                o.write(body);
            }
        }
        int status = out.getResponseCode();
        byte[] answer;
        try (InputStream in = status >= 400 ? out.getErrorStream() : out.getInputStream()) {
            answer = in == null ? new byte[0] : in.readAllBytes();
        }
        responses.add(new String(answer, java.nio.charset.StandardCharsets.UTF_8));
        out.getHeaderFields().forEach((name, values) -> {
            if (name != null && !name.equalsIgnoreCase("Transfer-Encoding") && !name.equalsIgnoreCase("Content-Length")) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
        try (OutputStream o = exchange.getResponseBody()) {
            o.write(answer);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdown();
    }
}
