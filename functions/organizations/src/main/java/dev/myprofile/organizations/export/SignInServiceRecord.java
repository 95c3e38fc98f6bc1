package dev.myprofile.organizations.export;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.myprofile.shared.config.AwsClients;
import dev.myprofile.shared.config.Config;
import dev.myprofile.shared.config.SecureUrls;
import dev.myprofile.shared.json.Json;
import dev.myprofile.shared.log.Log;
import dev.myprofile.shared.text.Catalog;
import dev.myprofile.shared.text.Language;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminListUserAuthEventsResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthEventType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ChallengeResponseType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.GetUserResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ListWebAuthnCredentialsResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolAddOnNotEnabledException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.WebAuthnCredentialDescription;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What the sign-in service keeps about the person, for "download my data": with a Cognito pool
 * ({@code USER_POOL_ID}), its {@code GetUser} (user name, attributes such as the verified email and
 * phone, the two-step settings), with passkeys offered ({@code PASSKEY_REGISTRATION}) every page of
 * {@code ListWebAuthnCredentials}, and, when the pool's threat protection keeps them
 * ({@code THREAT_PROTECTION} audit-only or full-function, as the sign-ins routes learn it), every page of
 * {@code AdminListUserAuthEvents} for the user {@code GetUser} named: each authentication event Cognito
 * keeps (sign-ins and the others), newest first, up to {@code EXPORT_MAX_SIGN_IN_EVENTS} (default
 * {@value #DEFAULT_MAX_EVENTS}; past it the section says it was cut short). All through the SDK's
 * Cognito client (built once per container, {@link AwsClients}): the first two with the caller's own
 * access token (Cognito authorizes them by that token: no IAM permission), the events with the
 * function's role ({@code cognito-idp:AdminListUserAuthEvents} on the pool, nothing else). Only the
 * listed fields are written, in Cognito's own names, as for the table's items, so a value Cognito adds
 * later is never exported by accident. When the pool keeps no sign-ins (threat protection off, by the
 * deployment's word or the pool's answer) the section says so in the person's language instead of
 * being left out. With another OpenID provider there is nothing to ask here: its own account page has
 * what it keeps.
 */
public final class SignInServiceRecord {
    static final List<String> USER_FIELDS = List.of("Username", "UserAttributes", "PreferredMfaSetting", "UserMFASettingList");
    static final List<String> PASSKEY_FIELDS = List.of("CredentialId", "FriendlyCredentialName", "RelyingPartyId",
            "AuthenticatorAttachment", "AuthenticatorTransports", "CreatedAt");
    /** Each authentication event's fields, in Cognito's names (and those of their parts, below). */
    static final List<String> EVENT_FIELDS = List.of("EventId", "EventType", "CreationDate", "EventResponse", "EventRisk",
            "ChallengeResponses", "EventContextData", "EventFeedback");
    static final int DEFAULT_MAX_EVENTS = 5_000;
    private static final Duration TIMEOUT = Duration.ofSeconds(8);
    /** Cognito keeps at most 20 passkeys a user and lists up to 20 a page: more pages than this means a loop. */
    private static final int MAX_PAGES = 5;
    /** Cognito lists at most 60 authentication events a call. */
    private static final int EVENTS_PAGE = 60;
    /**
     * How long reading the events may take in all (the function has 60 s, the partition follows): past
     * it the export is refused as "try again", never cut short silently or ended by Lambda's timeout.
     */
    private static final Duration EVENTS_BUDGET = Duration.ofSeconds(30);
    /** The pool's threat protection modes (the template's ThreatProtection) in which Cognito keeps sign-ins. */
    private static final Set<String> KEEPING = Set.of("audit-only", "full-function");
    private static final Catalog TEXTS = Catalog.load(SignInServiceRecord.class, "texts");

    private final CognitoIdentityProviderClient cognito;
    private final boolean passkeys;
    /** The pool, when the deployment says its threat protection keeps sign-ins. */
    private final Optional<String> signInsPool;
    private final int maxEvents;

    private SignInServiceRecord(CognitoIdentityProviderClient cognito, boolean passkeys, Optional<String> signInsPool, int maxEvents) {
        this.cognito = cognito;
        this.passkeys = passkeys;
        this.signInsPool = signInsPool;
        this.maxEvents = maxEvents;
    }

    /** Cognito when the function is given a pool; the region's endpoint, or {@code COGNITO_ENDPOINT} (moto, locally and in tests). */
    public static Optional<SignInServiceRecord> from(Config config) {
        Optional<String> pool = config.get("USER_POOL_ID").filter(id -> !id.isBlank());
        if (pool.isEmpty()) {
            return Optional.empty();
        }
        config.get("COGNITO_ENDPOINT").filter(e -> !e.isBlank()).ifPresent(e -> SecureUrls.require("COGNITO_ENDPOINT", e));
        String mode = config.get("THREAT_PROTECTION", "off").trim();
        if (!mode.equals("off") && !KEEPING.contains(mode)) {
            throw new IllegalStateException("THREAT_PROTECTION is off, audit-only or full-function, not " + mode);
        }
        int maxEvents = Integer.parseInt(config.get("EXPORT_MAX_SIGN_IN_EVENTS", Integer.toString(DEFAULT_MAX_EVENTS)));
        if (maxEvents < 1) {
            throw new IllegalStateException("EXPORT_MAX_SIGN_IN_EVENTS must be at least 1, not " + maxEvents);
        }
        return Optional.of(new SignInServiceRecord(
                AwsClients.build(CognitoIdentityProviderClient.builder(), config, "COGNITO_ENDPOINT", TIMEOUT),
                !config.get("PASSKEY_REGISTRATION", "").isBlank(),
                KEEPING.contains(mode) ? pool : Optional.empty(), maxEvents));
    }

    /** Why the record could not be read, in words for the log (never a token or a value of the person's). */
    public static class Unavailable extends Exception {
        Unavailable(String reason) {
            super(reason);
        }
    }

    /**
     * The sign-in service refused the person's token itself (revoked, signed out, the user gone):
     * asking again with it can never succeed, so this is not "try again" but "sign in again".
     */
    public static final class TokenRefused extends Unavailable {
        TokenRefused(String reason) {
            super(reason);
        }
    }

    /**
     * The authentication events read for the export: none kept ({@code kept} false), or those read,
     * newest first, and whether there were more than the export holds.
     */
    private record SignIns(boolean kept, List<AuthEventType> events, boolean truncated) {
        static final SignIns NOT_KEPT = new SignIns(false, List.of(), false);
    }

    /**
     * The record, read now (before the export is written, so a failure is known first), as the writer
     * of the {@code signInService} object; its notes in {@code language}.
     */
    public Json.Writer read(String accessToken, Language language) throws Unavailable {
        GetUserResponse user = call("GetUser", () -> cognito.getUser(r -> r.accessToken(accessToken)));
        List<WebAuthnCredentialDescription> credentials = new ArrayList<>();
        if (passkeys) {
            String next = null;
            int pages = 0;
            do {
                String token = next;
                ListWebAuthnCredentialsResponse page = call("ListWebAuthnCredentials",
                        () -> cognito.listWebAuthnCredentials(r -> r.accessToken(accessToken).maxResults(20).nextToken(token)));
                credentials.addAll(page.credentials());
                next = page.nextToken() == null || page.nextToken().isEmpty() ? null : page.nextToken();
                pages++;
            } while (next != null && pages < MAX_PAGES);
        }
        SignIns signIns = signInsPool.isPresent() ? signIns(signInsPool.get(), user.username()) : SignIns.NOT_KEPT;
        return g -> {
            g.writeStartObject();
            g.writeStringField("service", "Amazon Cognito");
            g.writeFieldName("user");
            writeUser(user, g);
            g.writeFieldName("passkeys");
            if (!passkeys) {
                g.writeNull();
            } else {
                g.writeStartArray();
                for (WebAuthnCredentialDescription credential : credentials) {
                    writeCredential(credential, g);
                }
                g.writeEndArray();
            }
            g.writeFieldName("signIns");
            writeSignIns(signIns, language, g);
            g.writeEndObject();
        };
    }

    /**
     * Every page of {@code AdminListUserAuthEvents} for the user, up to {@link #maxEvents}. The pool
     * answering that its threat protection is off means none are kept, whatever the deployment said.
     */
    private SignIns signIns(String poolId, String username) throws Unavailable {
        List<AuthEventType> events = new ArrayList<>();
        long deadline = System.nanoTime() + EVENTS_BUDGET.toNanos();
        String next = null;
        do {
            if (System.nanoTime() > deadline) {
                Log.warn("export.sign_in_service_failed", "operation", "AdminListUserAuthEvents", "exception", "TimeBudget",
                        "events", events.size());
                throw new Unavailable("AdminListUserAuthEvents took too long");
            }
            String token = next;
            AdminListUserAuthEventsResponse page = call("AdminListUserAuthEvents", () -> {
                try {
                    return cognito.adminListUserAuthEvents(r -> r.userPoolId(poolId).username(username)
                            .maxResults(EVENTS_PAGE).nextToken(token));
                } catch (UserPoolAddOnNotEnabledException e) {
                    return null;
                }
            });
            if (page == null) {
                return SignIns.NOT_KEPT;
            }
            events.addAll(page.authEvents());
            next = page.nextToken() == null || page.nextToken().isEmpty() ? null : page.nextToken();
            if (events.size() >= maxEvents) {
                boolean more = events.size() > maxEvents || next != null;
                return new SignIns(true, List.copyOf(events.subList(0, maxEvents)), more);
            }
        } while (next != null);
        return new SignIns(true, List.copyOf(events), false);
    }

    private static <T> T call(String operation, Supplier<T> request) throws Unavailable {
        try {
            return request.get();
        } catch (UserNotFoundException e) {
            // Cognito's answers that mean "this access token is no good", as on every other route that asks it
            // (the user gone, for the administrative call that follows GetUser).
            throw new TokenRefused(operation + " refused the access token");
        } catch (NotAuthorizedException e) {
            if (operation.startsWith("Admin")) {
                // An administrative call is the function's role's, not the person's: a deployment's fault, never "sign in again".
                Log.error("export.sign_in_service_failed", "operation", operation, "exception", e.getClass().getSimpleName());
                throw new Unavailable(operation + " was not authorized");
            }
            throw new TokenRefused(operation + " refused the access token");
        } catch (SdkException e) {
            Log.warn("export.sign_in_service_failed", "operation", operation, "exception", e.getClass().getSimpleName());
            throw new Unavailable(operation + " could not be read");
        }
    }

    /** {@link #USER_FIELDS}, those Cognito gave. */
    private static void writeUser(GetUserResponse user, JsonGenerator g) throws IOException {
        g.writeStartObject();
        if (user.username() != null) {
            g.writeStringField("Username", user.username());
        }
        if (user.hasUserAttributes()) {
            g.writeArrayFieldStart("UserAttributes");
            for (AttributeType attribute : user.userAttributes()) {
                g.writeStartObject();
                if (attribute.name() != null) {
                    g.writeStringField("Name", attribute.name());
                }
                if (attribute.value() != null) {
                    g.writeStringField("Value", attribute.value());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        if (user.preferredMfaSetting() != null) {
            g.writeStringField("PreferredMfaSetting", user.preferredMfaSetting());
        }
        if (user.hasUserMFASettingList()) {
            writeStrings("UserMFASettingList", user.userMFASettingList(), g);
        }
        g.writeEndObject();
    }

    /**
     * The {@code signIns} object: {@code kept} (whether the sign-in service keeps a history of sign-ins
     * for this pool), {@code events} ({@link #EVENT_FIELDS}, newest first), {@code truncated} (more
     * events than the export holds) and {@code note}, which says in words what is not there and why
     * (none kept, or only the newest), or null.
     */
    private void writeSignIns(SignIns signIns, Language language, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeBooleanField("kept", signIns.kept());
        g.writeArrayFieldStart("events");
        for (AuthEventType event : signIns.events()) {
            writeEvent(event, g);
        }
        g.writeEndArray();
        g.writeBooleanField("truncated", signIns.truncated());
        g.writeFieldName("note");
        if (!signIns.kept()) {
            g.writeString(TEXTS.text(language, "signIns.notKept"));
        } else if (signIns.truncated()) {
            g.writeString(TEXTS.text(language, "signIns.truncated", "count", Integer.toString(maxEvents)));
        } else {
            g.writeNull();
        }
        g.writeEndObject();
    }

    /** One authentication event: {@link #EVENT_FIELDS} and their parts, those Cognito gave; dates in seconds since 1970. */
    private static void writeEvent(AuthEventType event, JsonGenerator g) throws IOException {
        g.writeStartObject();
        writeString("EventId", event.eventId(), g);
        writeString("EventType", event.eventTypeAsString(), g);
        writeTime("CreationDate", event.creationDate(), g);
        writeString("EventResponse", event.eventResponseAsString(), g);
        if (event.eventRisk() != null) {
            g.writeObjectFieldStart("EventRisk");
            writeString("RiskDecision", event.eventRisk().riskDecisionAsString(), g);
            writeString("RiskLevel", event.eventRisk().riskLevelAsString(), g);
            if (event.eventRisk().compromisedCredentialsDetected() != null) {
                g.writeBooleanField("CompromisedCredentialsDetected", event.eventRisk().compromisedCredentialsDetected());
            }
            g.writeEndObject();
        }
        if (event.hasChallengeResponses()) {
            g.writeArrayFieldStart("ChallengeResponses");
            for (ChallengeResponseType challenge : event.challengeResponses()) {
                g.writeStartObject();
                writeString("ChallengeName", challenge.challengeNameAsString(), g);
                writeString("ChallengeResponse", challenge.challengeResponseAsString(), g);
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        if (event.eventContextData() != null) {
            g.writeObjectFieldStart("EventContextData");
            writeString("IpAddress", event.eventContextData().ipAddress(), g);
            writeString("DeviceName", event.eventContextData().deviceName(), g);
            writeString("Timezone", event.eventContextData().timezone(), g);
            writeString("City", event.eventContextData().city(), g);
            writeString("Country", event.eventContextData().country(), g);
            g.writeEndObject();
        }
        if (event.eventFeedback() != null) {
            g.writeObjectFieldStart("EventFeedback");
            writeString("FeedbackValue", event.eventFeedback().feedbackValueAsString(), g);
            writeString("Provider", event.eventFeedback().provider(), g);
            writeTime("FeedbackDate", event.eventFeedback().feedbackDate(), g);
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    /** {@link #PASSKEY_FIELDS}, those Cognito gave; {@code CreatedAt} in Cognito's own form, seconds since 1970. */
    private static void writeCredential(WebAuthnCredentialDescription credential, JsonGenerator g) throws IOException {
        g.writeStartObject();
        writeString("CredentialId", credential.credentialId(), g);
        writeString("FriendlyCredentialName", credential.friendlyCredentialName(), g);
        writeString("RelyingPartyId", credential.relyingPartyId(), g);
        writeString("AuthenticatorAttachment", credential.authenticatorAttachment(), g);
        if (credential.hasAuthenticatorTransports()) {
            writeStrings("AuthenticatorTransports", credential.authenticatorTransports(), g);
        }
        writeTime("CreatedAt", credential.createdAt(), g);
        g.writeEndObject();
    }

    /** A time in Cognito's own form, seconds since 1970 (with their fraction), when given. */
    private static void writeTime(String field, Instant at, JsonGenerator g) throws IOException {
        if (at != null) {
            g.writeFieldName(field);
            g.writeNumber(BigDecimal.valueOf(at.getEpochSecond()).add(BigDecimal.valueOf(at.getNano(), 9))
                    .stripTrailingZeros().toPlainString());
        }
    }

    private static void writeString(String field, String value, JsonGenerator g) throws IOException {
        if (value != null) {
            g.writeStringField(field, value);
        }
    }

    private static void writeStrings(String field, List<String> values, JsonGenerator g) throws IOException {
        g.writeArrayFieldStart(field);
        for (String value : values) {
            g.writeString(value);
        }
        g.writeEndArray();
    }
}
