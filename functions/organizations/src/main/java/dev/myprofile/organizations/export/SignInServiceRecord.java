package dev.myprofile.organizations.export;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.myprofile.shared.config.AwsClients;
import dev.myprofile.shared.config.Config;
import dev.myprofile.shared.config.SecureUrls;
import dev.myprofile.shared.json.Json;
import dev.myprofile.shared.log.Log;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.GetUserResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ListWebAuthnCredentialsResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.WebAuthnCredentialDescription;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the sign-in service keeps about the person, for "download my data": with a Cognito pool
 * ({@code USER_POOL_ID}), its {@code GetUser} (user name, attributes such as the verified email and
 * phone, the two-step settings) and, with passkeys offered ({@code PASSKEY_REGISTRATION}), every page
 * of {@code ListWebAuthnCredentials}. Both are asked through the SDK's Cognito client (built once per
 * container, {@link AwsClients}) with the caller's own access token: Cognito authorizes these
 * operations by that token, so the function needs no IAM permission for them. Only the listed fields
 * are written, in Cognito's own names, as for the table's items, so a value Cognito adds later is
 * never exported by accident. With another OpenID provider there is nothing to ask here: its own
 * account page has what it keeps.
 */
public final class SignInServiceRecord {
    static final List<String> USER_FIELDS = List.of("Username", "UserAttributes", "PreferredMfaSetting", "UserMFASettingList");
    static final List<String> PASSKEY_FIELDS = List.of("CredentialId", "FriendlyCredentialName", "RelyingPartyId",
            "AuthenticatorAttachment", "AuthenticatorTransports", "CreatedAt");
    private static final Duration TIMEOUT = Duration.ofSeconds(8);
    /** Cognito keeps at most 20 passkeys a user and lists up to 20 a page: more pages than this means a loop. */
    private static final int MAX_PAGES = 5;

    private final CognitoIdentityProviderClient cognito;
    private final boolean passkeys;

    private SignInServiceRecord(CognitoIdentityProviderClient cognito, boolean passkeys) {
        this.cognito = cognito;
        this.passkeys = passkeys;
    }

    /** Cognito when the function is given a pool; the region's endpoint, or {@code COGNITO_ENDPOINT} (moto, locally and in tests). */
    public static Optional<SignInServiceRecord> from(Config config) {
        if (config.get("USER_POOL_ID").filter(pool -> !pool.isBlank()).isEmpty()) {
            return Optional.empty();
        }
        config.get("COGNITO_ENDPOINT").filter(e -> !e.isBlank()).ifPresent(e -> SecureUrls.require("COGNITO_ENDPOINT", e));
        return Optional.of(new SignInServiceRecord(
                AwsClients.build(CognitoIdentityProviderClient.builder(), config, "COGNITO_ENDPOINT", TIMEOUT),
                !config.get("PASSKEY_REGISTRATION", "").isBlank()));
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
     * The record, read now (before the export is written, so a failure is known first), as the writer
     * of the {@code signInService} object.
     */
    public Json.Writer read(String accessToken) throws Unavailable {
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
            g.writeEndObject();
        };
    }

    private static <T> T call(String operation, Supplier<T> request) throws Unavailable {
        try {
            return request.get();
        } catch (NotAuthorizedException | UserNotFoundException e) {
            // Cognito's answers that mean "this access token is no good", as on every other route that asks it.
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
        Instant created = credential.createdAt();
        if (created != null) {
            g.writeFieldName("CreatedAt");
            g.writeNumber(BigDecimal.valueOf(created.getEpochSecond()).add(BigDecimal.valueOf(created.getNano(), 9))
                    .stripTrailingZeros().toPlainString());
        }
        g.writeEndObject();
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
