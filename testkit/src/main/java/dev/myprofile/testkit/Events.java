package dev.myprofile.testkit;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The sample payload-2.0 events in {@code events/}: the same files serve {@code sam local invoke}
 * and the tests, which load one and change only what the test is about.
 */
public final class Events {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    private Events() {}

    public static Path folder() {
        return Project.root().resolve("events");
    }

    public static APIGatewayV2HTTPEvent load(String name) {
        return read(folder().resolve(name + ".json"));
    }

    public static APIGatewayV2HTTPEvent read(Path file) {
        try {
            APIGatewayV2HTTPEvent event = MAPPER.readValue(file.toFile(), APIGatewayV2HTTPEvent.class);
            event.setHeaders(new HashMap<>(event.getHeaders() == null ? Map.of() : event.getHeaders()));
            event.getRequestContext().setRequestId(UUID.randomUUID().toString());
            return event;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read sample event " + file, e);
        }
    }

    /** The HTTP API samples (those with a route key); the others are schedule and EventBridge events. */
    public static List<Path> all() {
        try (Stream<Path> files = Files.list(folder())) {
            return new ArrayList<>(files.filter(f -> f.toString().endsWith(".json")).filter(Events::isHttp).sorted().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isHttp(Path file) {
        try {
            return MAPPER.readTree(file.toFile()).has("routeKey");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read sample event " + file, e);
        }
    }

    /** A schedule or EventBridge sample, as the Lambda runtime hands it to a Map handler. */
    public static Map<String, Object> loadMap(String name) {
        try {
            return MAPPER.readValue(folder().resolve(name + ".json").toFile(),
                    new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The event with a bearer token in place of the sample's. */
    public static APIGatewayV2HTTPEvent withToken(APIGatewayV2HTTPEvent event, String token) {
        event.getHeaders().put("authorization", "Bearer " + token);
        return event;
    }
}
