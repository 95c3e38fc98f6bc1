package dev.myprofile.organizations.export;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.myprofile.shared.config.Config;
import dev.myprofile.shared.config.SecureUrls;
import dev.myprofile.shared.json.Json;
import dev.myprofile.shared.log.Log;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the sign-in service keeps about the person, for "download my data": with a Cognito pool
 * ({@code USER_POOL_ID}), its {@code GetUser} (user name, attributes such as the verified email and
 * phone, the two-step settings) and, with passkeys offered ({@code PASSKEY_REGISTRATION}), every page
 * of {@code ListWebAuthnCredentials}. Both are asked with the caller's own access token: Cognito
 * authorizes these operations by that token, so the function needs no IAM permission and no SDK
 * client. Only the listed fields are copied, as for the table's items, so a value Cognito adds later
 * is never exported by accident. With another OpenID provider there is nothing to ask here: its own
 * account page has what it keeps.
 */
public final class SignInServiceRecord {
    static final List<String> USER_FIELDS = List.of("Username", "UserAttributes", "PreferredMfaSetting", "UserMFASettingList");
    static final List<String> PASSKEY_FIELDS = List.of("CredentialId", "FriendlyCredentialName", "RelyingPartyId",
            "AuthenticatorAttachment", "AuthenticatorTransports", "CreatedAt");
    private static final Duration TIMEOUT = Duration.ofSeconds(4);
    private static final int MAX_BYTES = 256 * 1024;
    /** Cognito keeps at most 20 passkeys a user and lists up to 20 a page: more pages than this means a loop. */
    private static final int MAX_PAGES = 5;

    private final URI endpoint;
    private final boolean passkeys;

    private SignInServiceRecord(URI endpoint, boolean passkeys) {
        this.endpoint = endpoint;
        this.passkeys = passkeys;
    }

    /** Cognito when the function is given a pool; the region's endpoint, or {@code COGNITO_ENDPOINT} (moto, locally and in tests). */
    public static Optional<SignInServiceRecord> from(Config config, String region) {
        if (config.get("USER_POOL_ID").filter(pool -> !pool.isBlank()).isEmpty()) {
            return Optional.empty();
        }
        URI endpoint = config.get("COGNITO_ENDPOINT").filter(e -> !e.isBlank())
                .map(e -> SecureUrls.require("COGNITO_ENDPOINT", e))
                .orElseGet(() -> URI.create("https://cognito-idp." + region + ".amazonaws.com/"));
        return Optional.of(new SignInServiceRecord(endpoint, !config.get("PASSKEY_REGISTRATION", "").isBlank()));
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

    /** Cognito's error types that mean "this access token is no good", as on every other route that asks it. */
    private static final List<String> TOKEN_REFUSALS = List.of("NotAuthorizedException", "UserNotFoundException");

    /**
     * The record, read now (before the export is written, so a failure is known first), as the writer
     * of the {@code signInService} object.
     */
    public Json.Writer read(String accessToken) throws Unavailable {
        byte[] user = call("GetUser", g -> g.writeStringField("AccessToken", accessToken));
        List<byte[]> pages = new ArrayList<>();
        if (passkeys) {
            String next = null;
            do {
                String token = next;
                byte[] page = call("ListWebAuthnCredentials", g -> {
                    g.writeStringField("AccessToken", accessToken);
                    g.writeNumberField("MaxResults", 20);
                    if (token != null) {
                        g.writeStringField("NextToken", token);
                    }
                });
                pages.add(page);
                next = nextToken(page);
            } while (next != null && pages.size() < MAX_PAGES);
        }
        return g -> {
            g.writeStartObject();
            g.writeStringField("service", "Amazon Cognito");
            g.writeFieldName("user");
            try (JsonParser parser = Json.FACTORY.createParser(user)) {
                parser.nextToken();
                copyObject(parser, g, USER_FIELDS);
            }
            g.writeFieldName("passkeys");
            if (!passkeys) {
                g.writeNull();
            } else {
                g.writeStartArray();
                for (byte[] page : pages) {
                    copyCredentials(page, g);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        };
    }

    @FunctionalInterface
    private interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    private byte[] call(String operation, Fields fields) throws Unavailable {
        byte[] body = Json.write(g -> {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
        }).getBytes(StandardCharsets.UTF_8);
        HttpURLConnection connection = null;
        try {
            connection = (HttpURLConnection) endpoint.toURL().openConnection();
            connection.setConnectTimeout((int) TIMEOUT.toMillis());
            connection.setReadTimeout((int) TIMEOUT.toMillis());
            connection.setInstanceFollowRedirects(false);
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", "application/x-amz-json-1.1");
            connection.setRequestProperty("X-Amz-Target", "AWSCognitoIdentityProviderService." + operation);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body);
            }
            int status = connection.getResponseCode();
            if (status == 400 && refusesToken(connection)) {
                throw new TokenRefused(operation + " refused the access token");
            }
            if (status != 200) {
                throw new Unavailable(operation + " answered " + status);
            }
            try (InputStream in = connection.getInputStream()) {
                byte[] answer = in.readNBytes(MAX_BYTES + 1);
                if (answer.length > MAX_BYTES) {
                    throw new Unavailable(operation + "'s answer is larger than " + MAX_BYTES + " bytes");
                }
                return answer;
            }
        } catch (IOException | IllegalArgumentException e) {
            Log.warn("export.sign_in_service_failed", "operation", operation, "exception", e.getClass().getSimpleName());
            throw new Unavailable(operation + " could not be read");
        } finally {
            if (connection != null) {
                connection.disconnect();
            }
        }
    }

    /** Whether a 400's {@code __type} (Cognito's JSON protocol, possibly prefixed by a namespace) refuses the token. */
    private static boolean refusesToken(HttpURLConnection connection) {
        try (InputStream in = connection.getErrorStream()) {
            if (in == null) {
                return false;
            }
            try (JsonParser parser = Json.FACTORY.createParser(in.readNBytes(MAX_BYTES))) {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    return false;
                }
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    JsonToken value = parser.nextToken();
                    if (field.equals("__type") && value == JsonToken.VALUE_STRING) {
                        String type = parser.getText();
                        String name = type.substring(type.lastIndexOf('#') + 1);
                        return TOKEN_REFUSALS.contains(name);
                    }
                    parser.skipChildren();
                }
                return false;
            }
        } catch (IOException e) {
            return false;
        }
    }

    private static String nextToken(byte[] page) throws Unavailable {
        try (JsonParser parser = Json.FACTORY.createParser(page)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new Unavailable("ListWebAuthnCredentials answered no object");
            }
            String next = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("NextToken") && value == JsonToken.VALUE_STRING && !parser.getText().isEmpty()) {
                    next = parser.getText();
                } else {
                    parser.skipChildren();
                }
            }
            return next;
        } catch (IOException e) {
            throw new Unavailable("ListWebAuthnCredentials answered no JSON");
        }
    }

    private static void copyCredentials(byte[] page, JsonGenerator g) throws IOException {
        try (JsonParser parser = Json.FACTORY.createParser(page)) {
            parser.nextToken();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("Credentials") && value == JsonToken.START_ARRAY) {
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        copyObject(parser, g, PASSKEY_FIELDS);
                    }
                } else {
                    parser.skipChildren();
                }
            }
        }
    }

    /** The object the parser is at, with only the allowed fields (each copied whole), onto {@code g}. */
    private static void copyObject(JsonParser parser, JsonGenerator g, List<String> allowed) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw new IOException("not an object");
        }
        g.writeStartObject();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            if (allowed.contains(field)) {
                g.writeFieldName(field);
                g.copyCurrentStructure(parser);
            } else {
                parser.skipChildren();
            }
        }
        g.writeEndObject();
    }
}
