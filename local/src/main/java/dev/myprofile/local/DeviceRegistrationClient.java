package dev.myprofile.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * What the organization's device-management service does, as a small client: it gets an access token
 * with the client-credentials grant (its confidential client's id and secret, HTTP Basic, at the
 * sign-in's {@code /oauth2/token}), registers a person's device with {@code PUT /me/devices/{deviceId}}
 * (naming the person in {@code subject}: its token names none), and reports a sign-in on a device as
 * the "Device Sign-In" event it puts on the stack's bus: with {@link #onBus} an EventBridge PutEvents
 * through the SDK (in AWS by the {@code DeviceServicePublisherArn} role; {@code EVENT_BUS} from a
 * terminal), else, locally, where no bus delivers to the recorder, the same event straight to
 * {@code /local/functions/RecordDeviceSignInFunction}.
 * {@code local/register-device} runs it from a terminal; {@code local/run} registers the demo devices
 * through it.
 */
public final class DeviceRegistrationClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The template's SignInEventSource default: the recorder counts only events with this source. */
    static final String EVENT_SOURCE = "myprofile.identity";
    /** The event's {@code detail-type}, which the template's rule matches. */
    static final String DETAIL_TYPE = "Device Sign-In";

    /**
     * What the service reports about a device; {@code registeredAt}, when the service knows it, is when
     * the device was enrolled (an import of a device that existed before the service was connected).
     */
    public record Device(String id, String displayName, String operatingSystem, String operatingSystemVersion, String trustType,
                         Optional<Instant> registeredAt) {
        public Device(String id, String displayName, String operatingSystem, String operatingSystemVersion, String trustType) {
            this(id, displayName, operatingSystem, operatingSystemVersion, trustType, Optional.empty());
        }
    }

    /** Where the service's own access token comes from. */
    @FunctionalInterface
    public interface Tokens {
        String accessToken() throws IOException;
    }

    /** An answer of the API: its status and body (a device, or a problem). */
    public record Answer(int status, JsonNode body) {}

    private final URI tokenEndpoint;
    private final String clientId;
    private final String clientSecret;
    private final Tokens tokens;
    private final URI portal;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private EventBridgeClient events;
    private String bus;
    private String token;
    private Instant tokenExpiresAt = Instant.EPOCH;

    /**
     * @param tokenEndpoint the sign-in's {@code /oauth2/token}
     * @param portal        the API's base URL (locally the portal's own, whose {@code /local/functions/} run the recorder)
     */
    public DeviceRegistrationClient(URI tokenEndpoint, String clientId, String clientSecret, URI portal) {
        this.tokenEndpoint = tokenEndpoint;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.tokens = this::clientCredentials;
        this.portal = portal.toString().endsWith("/") ? portal : URI.create(portal + "/");
    }

    /**
     * With the service's token from elsewhere: the development provider (LOCAL_SIGN_IN=oidc), which
     * offers no grant but the web app's, signs it itself.
     */
    public DeviceRegistrationClient(Tokens tokens, URI portal) {
        this.tokenEndpoint = null;
        this.clientId = null;
        this.clientSecret = null;
        this.tokens = tokens;
        this.portal = portal.toString().endsWith("/") ? portal : URI.create(portal + "/");
    }

    /**
     * Reports sign-ins as PutEvents on {@code busName} (the stack's {@code DeviceEventBus}) through
     * {@code events}, as the service does in AWS, instead of to the local recorder.
     */
    public DeviceRegistrationClient onBus(EventBridgeClient events, String busName) {
        this.events = events;
        this.bus = busName;
        return this;
    }

    /** The service's access token. */
    public String accessToken() throws IOException {
        return tokens.accessToken();
    }

    /** A client-credentials access token, kept until a minute before it expires. */
    private synchronized String clientCredentials() throws IOException {
        if (token != null && Instant.now().isBefore(tokenExpiresAt.minusSeconds(60))) {
            return token;
        }
        String basic = Base64.getEncoder().encodeToString((form(clientId) + ":" + form(clientSecret)).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = send(HttpRequest.newBuilder(tokenEndpoint)
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")));
        JsonNode answer = JSON.readTree(response.body());
        if (response.statusCode() != 200 || !answer.path("access_token").isTextual()) {
            throw new IOException("The token endpoint refused the client: " + response.statusCode() + " " + answer.path("error").asText());
        }
        token = answer.get("access_token").asText();
        tokenExpiresAt = Instant.now().plusSeconds(answer.path("expires_in").asLong(300));
        return token;
    }

    /** Registers (or refreshes) {@code device} for the person {@code subject}: 201 new, 200 refreshed, else a problem. */
    public Answer register(String subject, Device device) throws IOException {
        ObjectNode body = JSON.createObjectNode()
                .put("subject", subject)
                .put("displayName", device.displayName())
                .put("operatingSystem", device.operatingSystem())
                .put("operatingSystemVersion", device.operatingSystemVersion())
                .put("trustType", device.trustType());
        device.registeredAt().ifPresent(at -> body.put("registeredAt", at.toString()));
        HttpResponse<String> response = send(HttpRequest.newBuilder(portal.resolve("me/devices/" + URLEncoder.encode(device.id(),
                        StandardCharsets.UTF_8).replace("+", "%20")))
                .header("Authorization", "Bearer " + accessToken())
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
        return new Answer(response.statusCode(), response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body()));
    }

    /**
     * Reports that the person signed in on the device at {@code at}: the "Device Sign-In" event, with the
     * issuer the service's own token names (the person's pool). Returns the recorder's result
     * ({@code RECORDED}, {@code UNCHANGED}, {@code UNKNOWN_DEVICE}…), or on a bus {@code PUT <event id>}
     * (the bus delivers it to the recorder later).
     */
    public String reportSignIn(String subject, String deviceId, Instant at) throws IOException {
        ObjectNode detail = JSON.createObjectNode()
                .put("issuer", issuer())
                .put("subject", subject)
                .put("deviceId", deviceId)
                .put("signInTime", at.toString());
        if (events != null) {
            PutEventsResponse put = events.putEvents(r -> r.entries(PutEventsRequestEntry.builder().eventBusName(bus)
                    .source(EVENT_SOURCE).detailType(DETAIL_TYPE).time(at).detail(detail.toString()).build()));
            PutEventsResultEntry entry = put.entries().get(0);
            if (put.failedEntryCount() > 0 || entry.eventId() == null) {
                throw new IOException("The bus refused the event: " + entry.errorCode() + " " + entry.errorMessage());
            }
            return "PUT " + entry.eventId();
        }
        ObjectNode event = JSON.createObjectNode()
                .put("version", "0")
                .put("id", java.util.UUID.randomUUID().toString())
                .put("detail-type", DETAIL_TYPE)
                .put("source", EVENT_SOURCE)
                .put("time", at.toString());
        event.set("detail", detail);
        HttpResponse<String> response = send(HttpRequest.newBuilder(portal.resolve("local/functions/RecordDeviceSignInFunction"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(event))));
        if (response.statusCode() != 200) {
            throw new IOException("The sign-in recorder answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body()).path("result").asText();
    }

    /** The issuer of the service's own token: the pool its people sign in at. */
    private String issuer() throws IOException {
        String[] parts = accessToken().split("\\.");
        return JSON.readTree(Base64.getUrlDecoder().decode(parts[1])).path("iss").asText();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /**
     * {@code local/register-device <subject> <deviceId> <displayName> <operatingSystem> <version> <registered|joined>},
     * then a sign-in on it now; the client's address and credentials from the environment
     * ({@code TOKEN_URL}, {@code CLIENT_ID}, {@code CLIENT_SECRET}, {@code API_URL}), which {@code local/run} prints.
     * An import of an existing device: {@code REGISTERED_AT} (when it was enrolled) and {@code SIGNED_IN_AT}
     * (its last sign-in instead of now), both ISO-8601 instants. With {@code EVENT_BUS} (the stack's
     * DeviceEventBusName output) the sign-in is put on that bus with the credentials and region of the
     * environment (the DeviceServicePublisherArn role's), as the service does.
     */
    public static void main(String[] args) throws IOException {
        Map<String, String> env = System.getenv();
        if (args.length != 6 || !env.containsKey("TOKEN_URL") || !env.containsKey("CLIENT_ID") || !env.containsKey("CLIENT_SECRET")) {
            System.err.println("Usage: TOKEN_URL=… CLIENT_ID=… CLIENT_SECRET=… [API_URL=http://127.0.0.1:8080/] [REGISTERED_AT=<instant>] "
                    + "[SIGNED_IN_AT=<instant>] [EVENT_BUS=<bus name>] local/register-device "
                    + "<subject> <deviceId> <displayName> <operatingSystem> <operatingSystemVersion> <registered|joined>\n"
                    + "local/run prints the values for its device-management client.");
            System.exit(2);
        }
        DeviceRegistrationClient client = new DeviceRegistrationClient(URI.create(env.get("TOKEN_URL")), env.get("CLIENT_ID"),
                env.get("CLIENT_SECRET"), URI.create(env.getOrDefault("API_URL", "http://127.0.0.1:8080/")));
        Optional<Instant> registeredAt = Optional.ofNullable(env.get("REGISTERED_AT")).filter(v -> !v.isBlank()).map(Instant::parse);
        Instant signedInAt = Optional.ofNullable(env.get("SIGNED_IN_AT")).filter(v -> !v.isBlank()).map(Instant::parse).orElseGet(Instant::now);
        if (env.containsKey("EVENT_BUS")) {
            client.onBus(EventBridgeClient.builder().httpClient(UrlConnectionHttpClient.create()).build(), env.get("EVENT_BUS"));
        }
        Answer answer = client.register(args[0], new Device(args[1], args[2], args[3], args[4], args[5], registeredAt));
        System.out.println(answer.status() + " " + answer.body());
        if (answer.status() / 100 == 2) {
            System.out.println("sign-in: " + client.reportSignIn(args[0], args[1], signedInAt));
        } else {
            System.exit(1);
        }
    }
}
