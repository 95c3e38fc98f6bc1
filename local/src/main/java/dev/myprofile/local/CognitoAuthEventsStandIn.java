package dev.myprofile.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * <strong>A stand-in, never deployed</strong>: the two operations of Amazon Cognito's threat
 * protection the portal uses, {@code AdminListUserAuthEvents} and {@code AdminUpdateAuthEventFeedback},
 * which moto does not serve, in Cognito's own JSON protocol ({@code X-Amz-Target:
 * AWSCognitoIdentityProviderService.<Operation>}, {@code application/x-amz-json-1.1}, errors as
 * {@code __type} + {@code message}), on one endpoint in front of moto: every other request is passed
 * to moto unchanged, as {@link CognitoWebAuthnStandIn} does (which stands in front of this one
 * locally, so a client sees one Cognito).
 *
 * <p>Its events are the local sign-in's own: {@link #signedIn} is told of each password sign-in that
 * page runs (let in, wrong password, wrong second-step code), with the caller's address and browser,
 * as Cognito records managed login's. A pool keeps them only when moto's {@code DescribeUserPool}
 * shows {@code UserPoolAddOns.AdvancedSecurityMode} {@code AUDIT} or {@code ENFORCED}; otherwise both
 * operations answer {@code UserPoolAddOnNotEnabledException}, as Cognito does. A user is named by
 * their user name, an alias moto knows (the email), or their {@code sub}.
 *
 * <p>What it does not do: risk scoring (every event is {@code NoRisk}, level {@code Low}, so nothing
 * is blocked), places (no city or country for a loopback address), events other than sign-ins,
 * persistence (events live as long as the process).
 */
public final class CognitoAuthEventsStandIn extends CognitoStandIn {
    static final Set<String> OPERATIONS = Set.of("AdminListUserAuthEvents", "AdminUpdateAuthEventFeedback");
    /** A step of a sign-in as Cognito names it ({@code Password}, {@code Mfa}) and how it went. */
    public record Step(String name, boolean passed) {
        public static Step password(boolean passed) {
            return new Step("Password", passed);
        }

        public static Step secondStep(boolean passed) {
            return new Step("Mfa", passed);
        }
    }

    record Event(String id, Instant at, boolean passed, List<Step> steps, String ipAddress, String deviceName,
                 String feedback, Instant feedbackAt) {
        Event withFeedback(String value, Instant at) {
            return new Event(id, this.at, passed, steps, ipAddress, deviceName, value, at);
        }
    }

    /** Per pool and sub, oldest first. */
    private final Map<String, List<Event>> events = new ConcurrentHashMap<>();

    private CognitoAuthEventsStandIn(URI moto, Clock clock) throws IOException {
        super(moto, OPERATIONS, 4, clock);
    }

    /** Starts it on a free loopback port, in front of the moto at {@code moto}. */
    public static CognitoAuthEventsStandIn start(URI moto) throws IOException {
        return start(moto, Clock.systemUTC());
    }

    static CognitoAuthEventsStandIn start(URI moto, Clock clock) throws IOException {
        return new CognitoAuthEventsStandIn(moto, clock).listening(CognitoAuthEventsStandIn.class);
    }

    /**
     * A sign-in at the pool, as the local sign-in ran it: the user as typed or named by the pool
     * (unknown users leave no event, as with Cognito), whether it let them in, its steps, and the
     * caller's address and {@code User-Agent} (named as Cognito names a device: browser, system).
     */
    public void signedIn(String poolId, String username, boolean passed, List<Step> steps, String ipAddress, String userAgent) {
        Optional<String> sub;
        try {
            sub = sub(poolId, username);
        } catch (CognitoError e) {
            return;
        }
        if (sub.isEmpty()) {
            return;
        }
        Event event = new Event(randomHex(), Instant.ofEpochMilli(clock.millis()), passed, List.copyOf(steps),
                ipAddress, deviceName(userAgent), null, null);
        synchronized (events) {
            events.computeIfAbsent(poolId + "/" + sub.get(), k -> new ArrayList<>()).add(event);
        }
    }

    /** A device's name from a User-Agent, in Cognito's manner ("Chrome, Linux"); the string itself when it names neither. */
    static String deviceName(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return null;
        }
        String browser = userAgent.contains("Edg/") ? "Edge" : userAgent.contains("Firefox/") ? "Firefox"
                : userAgent.contains("Chrome/") || userAgent.contains("HeadlessChrome/") ? "Chrome"
                : userAgent.contains("Safari/") ? "Safari" : null;
        String system = userAgent.contains("Android") ? "Android" : userAgent.contains("iPhone") || userAgent.contains("iPad") ? "iOS"
                : userAgent.contains("Windows") ? "Windows" : userAgent.contains("Mac OS X") ? "macOS"
                : userAgent.contains("Linux") ? "Linux" : null;
        if (browser == null && system == null) {
            return userAgent.length() > 64 ? userAgent.substring(0, 64) : userAgent;
        }
        return browser == null ? system : system == null ? browser : browser + ", " + system;
    }

    @Override
    ObjectNode operate(String operation, ObjectNode request) {
        return operation.equals("AdminListUserAuthEvents") ? list(request) : feedback(request);
    }

    // --- the two operations ---------------------------------------------------------------------

    private ObjectNode list(ObjectNode request) {
        String key = userKey(request);
        int max = 10;
        JsonNode maxResults = request.get("MaxResults");
        if (maxResults != null && !maxResults.isNull()) {
            if (!maxResults.isInt() || maxResults.intValue() < 0 || maxResults.intValue() > 60) {
                throw CognitoError.invalidParameter("1 validation error detected: Value at 'maxResults' failed to satisfy constraint: "
                        + "Member must have value less than or equal to 60");
            }
            max = maxResults.intValue();
        }
        int from = 0;
        JsonNode next = request.get("NextToken");
        if (next != null && !next.isNull()) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(next.asText()), StandardCharsets.UTF_8).split("\\|", 2);
                if (parts.length != 2 || !parts[0].equals(key)) {
                    throw new IllegalArgumentException();
                }
                from = Integer.parseInt(parts[1]);
            } catch (IllegalArgumentException e) {
                throw CognitoError.invalidParameter("The pagination token is not valid.");
            }
        }
        List<Event> newestFirst;
        synchronized (events) {
            newestFirst = new ArrayList<>(events.getOrDefault(key, List.of()));
        }
        java.util.Collections.reverse(newestFirst);
        ObjectNode response = MAPPER.createObjectNode();
        ArrayNode listed = response.putArray("AuthEvents");
        for (Event e : newestFirst.subList(Math.min(from, newestFirst.size()), Math.min(from + max, newestFirst.size()))) {
            ObjectNode item = listed.addObject();
            item.put("EventId", e.id());
            item.put("EventType", "SignIn");
            item.put("CreationDate", e.at().toEpochMilli() / 1000.0);
            item.put("EventResponse", e.passed() ? "Pass" : "Fail");
            item.putObject("EventRisk").put("RiskDecision", "NoRisk").put("RiskLevel", "Low")
                    .put("CompromisedCredentialsDetected", false);
            ArrayNode steps = item.putArray("ChallengeResponses");
            for (Step step : e.steps()) {
                steps.addObject().put("ChallengeName", step.name()).put("ChallengeResponse", step.passed() ? "Success" : "Failure");
            }
            ObjectNode context = item.putObject("EventContextData");
            if (e.ipAddress() != null) {
                context.put("IpAddress", e.ipAddress());
            }
            if (e.deviceName() != null) {
                context.put("DeviceName", e.deviceName());
            }
            if (e.feedback() != null) {
                item.putObject("EventFeedback").put("FeedbackValue", e.feedback()).put("Provider", "Admin")
                        .put("FeedbackDate", e.feedbackAt().toEpochMilli() / 1000.0);
            }
        }
        if (from + max < newestFirst.size()) {
            response.put("NextToken", Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((key + "|" + (from + max)).getBytes(StandardCharsets.UTF_8)));
        }
        return response;
    }

    private ObjectNode feedback(ObjectNode request) {
        String key = userKey(request);
        String id = request.path("EventId").textValue();
        String value = request.path("FeedbackValue").textValue();
        if (id == null || id.isEmpty()) {
            throw CognitoError.invalidParameter("1 validation error detected: Value null at 'eventId' failed to satisfy constraint: Member must not be null");
        }
        if (!"Valid".equals(value) && !"Invalid".equals(value)) {
            throw CognitoError.invalidParameter("1 validation error detected: Value at 'feedbackValue' failed to satisfy constraint: "
                    + "Member must satisfy enum value set: [Valid, Invalid]");
        }
        synchronized (events) {
            List<Event> mine = events.getOrDefault(key, new ArrayList<>());
            for (int i = 0; i < mine.size(); i++) {
                if (mine.get(i).id().equals(id)) {
                    mine.set(i, mine.get(i).withFeedback(value, Instant.ofEpochMilli(clock.millis())));
                    return MAPPER.createObjectNode();
                }
            }
        }
        throw new CognitoError("ResourceNotFoundException", "Auth event not found.");
    }

    // --- the user, the pool ---------------------------------------------------------------------

    /** The pool's key for the request's user, once the pool is known to keep events. */
    private String userKey(ObjectNode request) {
        String poolId = request.path("UserPoolId").textValue();
        String username = request.path("Username").textValue();
        if (poolId == null || username == null) {
            throw CognitoError.invalidParameter("UserPoolId and Username are required.");
        }
        JsonNode pool = moto("DescribeUserPool", MAPPER.createObjectNode().put("UserPoolId", poolId)).path("UserPool");
        String mode = pool.path("UserPoolAddOns").path("AdvancedSecurityMode").asText("OFF");
        if (!mode.equals("AUDIT") && !mode.equals("ENFORCED")) {
            throw new CognitoError("UserPoolAddOnNotEnabledException", "Advanced security features are not enabled for this user pool.");
        }
        String sub = sub(poolId, username).orElseThrow(() -> new CognitoError("UserNotFoundException", "User does not exist."));
        return poolId + "/" + sub;
    }

    /** The user's sub: found by user name or alias (moto's AdminGetUser), else taken as a sub moto knows. */
    private Optional<String> sub(String poolId, String username) {
        try {
            ObjectNode user = moto("AdminGetUser", MAPPER.createObjectNode().put("UserPoolId", poolId).put("Username", username));
            for (JsonNode attribute : user.path("UserAttributes")) {
                if (attribute.path("Name").asText().equals("sub")) {
                    return Optional.of(attribute.path("Value").asText());
                }
            }
            return Optional.empty();
        } catch (CognitoError e) {
            if (!e.type.equals("UserNotFoundException")) {
                throw e;
            }
        }
        if (!username.matches("[0-9a-fA-F-]{36}")) {
            return Optional.empty();
        }
        ObjectNode found = moto("ListUsers", MAPPER.createObjectNode().put("UserPoolId", poolId)
                .put("Filter", "sub = \"" + username + "\"").put("Limit", 1));
        return found.path("Users").isEmpty() ? Optional.empty() : Optional.of(username);
    }
}
