package dev.myprofile.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.myprofile.testkit.Moto;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * <strong>Never deployed.</strong> What every local stand-in for Cognito operations moto does not serve
 * shares: one loopback endpoint in front of moto that answers its own operations in Cognito's JSON
 * protocol ({@code X-Amz-Target: AWSCognitoIdentityProviderService.<Operation>},
 * {@code application/x-amz-json-1.1}, errors as {@code __type} + {@code message} with
 * {@code x-amzn-ErrorType}) and passes every other request to moto unchanged; and Cognito calls of its
 * own to moto. A stand-in supplies its operations' names and {@link #operate}.
 */
abstract class CognitoStandIn implements AutoCloseable {
    static final String TARGET_PREFIX = "AWSCognitoIdentityProviderService.";
    static final String JSON = "application/x-amz-json-1.1";
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> HOP_HEADERS = Set.of("host", "connection", "content-length", "expect", "upgrade",
            "transfer-encoding", "keep-alive", "date");

    final SecureRandom random = new SecureRandom();
    final Clock clock;
    private final URI moto;
    private final Set<String> operations;
    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    CognitoStandIn(URI moto, Set<String> operations, int threads, Clock clock) throws IOException {
        this.moto = URI.create(moto.toString().replaceAll("/+$", ""));
        this.operations = operations;
        this.clock = clock;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        this.executor = Executors.newFixedThreadPool(threads);
        server.createContext("/", this::serve);
        server.setExecutor(executor);
    }

    /** Starts answering; called once the stand-in is fully built. */
    final <T extends CognitoStandIn> T listening(Class<T> type) {
        server.start();
        return type.cast(this);
    }

    /** Where clients send their Cognito requests (this stand-in, moto behind it). */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** Answers one of this stand-in's operations, or throws a {@link CognitoError}. */
    abstract ObjectNode operate(String operation, ObjectNode request);

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String operation = target != null && target.startsWith(TARGET_PREFIX) ? target.substring(TARGET_PREFIX.length()) : "";
            if (!"POST".equals(exchange.getRequestMethod()) || !operations.contains(operation)) {
                forward(exchange, body);
                return;
            }
            int status = 200;
            String errorType = "";
            ObjectNode answer;
            try {
                answer = operate(operation, readObject(body));
            } catch (CognitoError e) {
                status = e.status;
                errorType = e.type;
                answer = MAPPER.createObjectNode().put("__type", e.type).put("message", e.getMessage());
            }
            byte[] bytes = answer.toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", JSON);
            exchange.getResponseHeaders().set("x-amzn-RequestId", randomHex());
            if (!errorType.isEmpty()) {
                exchange.getResponseHeaders().set("x-amzn-ErrorType", errorType);
            }
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private void forward(HttpExchange exchange, byte[] body) throws IOException {
        URI uri = moto.resolve(exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> request.header(name, v));
            }
        });
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        response.headers().map().forEach((name, values) -> {
            if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        byte[] answer = response.body();
        boolean noBody = "HEAD".equals(exchange.getRequestMethod()) || response.statusCode() == 204 || response.statusCode() == 304;
        exchange.sendResponseHeaders(response.statusCode(), noBody || answer.length == 0 ? -1 : answer.length);
        if (!noBody && answer.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        }
    }

    /** Sixteen random bytes in hex: request and event ids. */
    final String randomHex() {
        byte[] id = new byte[16];
        random.nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    /** One Cognito call to moto (which reads the region from the credential scope). */
    final ObjectNode moto(String operation, ObjectNode request) {
        HttpRequest call = HttpRequest.newBuilder(moto.resolve("/")).timeout(Duration.ofSeconds(10))
                .header("Content-Type", JSON)
                .header("X-Amz-Target", TARGET_PREFIX + operation)
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=" + Moto.ACCESS_KEY + "/20260101/" + Moto.REGION
                        + "/cognito-idp/aws4_request, SignedHeaders=content-type;host;x-amz-target, Signature=0")
                .POST(HttpRequest.BodyPublishers.ofString(request.toString())).build();
        try {
            HttpResponse<byte[]> response = http.send(call, HttpResponse.BodyHandlers.ofByteArray());
            ObjectNode body = readObject(response.body());
            if (response.statusCode() / 100 != 2) {
                String type = body.path("__type").asText("InternalErrorException");
                throw new CognitoError(type.substring(type.lastIndexOf('#') + 1),
                        body.path("message").asText(body.path("Message").asText("")), response.statusCode());
            }
            return body;
        } catch (IOException e) {
            throw new CognitoError("InternalErrorException", "The user store did not answer.", 500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CognitoError("InternalErrorException", "Interrupted.", 500);
        }
    }

    static ObjectNode readObject(byte[] body) {
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (IOException e) {
            // below
        }
        throw new CognitoError("SerializationException", "The request body is not a JSON object.");
    }

    /** An error in Cognito's JSON protocol: HTTP 400 (500 for its own faults), {@code __type} and {@code message}. */
    static final class CognitoError extends RuntimeException {
        final String type;
        final int status;

        CognitoError(String type, String message) {
            this(type, message, type.equals("InternalErrorException") ? 500 : 400);
        }

        CognitoError(String type, String message, int status) {
            super(message);
            this.type = type;
            this.status = status;
        }

        static CognitoError invalidParameter(String message) {
            return new CognitoError("InvalidParameterException", message);
        }
    }
}
