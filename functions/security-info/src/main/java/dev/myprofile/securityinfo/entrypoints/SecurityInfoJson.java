package dev.myprofile.securityinfo.entrypoints;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.myprofile.securityinfo.model.Passkey;
import dev.myprofile.securityinfo.model.PasskeyRegistration;
import dev.myprofile.securityinfo.model.SecurityInfo;
import dev.myprofile.securityinfo.model.SecurityMethod;
import dev.myprofile.shared.http.ApiResponse;
import dev.myprofile.shared.json.Json;

import java.io.IOException;
import java.util.Optional;

/** The security-info answers' JSON: never a secret, code, password or unmasked phone number. */
final class SecurityInfoJson {
    private SecurityInfoJson() {}

    static void write(JsonGenerator g, SecurityInfo info) throws IOException {
        write(g, info, Optional.empty());
    }

    static void write(JsonGenerator g, SecurityInfo info, Optional<PasskeyRegistration> registration) throws IOException {
        g.writeStartObject();
        g.writeStringField("managedBy", "cognito");
        g.writeArrayFieldStart("methods");
        for (SecurityMethod method : info.methods()) {
            method(g, method);
        }
        g.writeEndArray();
        if (registration.isPresent()) {
            g.writeArrayFieldStart("passkeys");
            for (Passkey passkey : info.passkeys()) {
                passkey(g, passkey);
            }
            g.writeEndArray();
            g.writeObjectFieldStart("passkeyRegistration");
            g.writeStringField("mode", registration.get().mode().wireName());
            Json.field(g, "addUrl", registration.get().addUrl());
            g.writeEndObject();
        }
        Json.field(g, "passwordLastChangedAt", info.passwordChangedAt().map(Object::toString));
        g.writeObjectFieldStart("policy");
        g.writeObjectFieldStart("passwordReset");
        g.writeBooleanField("met", info.passwordResetReady());
        g.writeStringField("text", info.passwordResetReady()
                ? "Password reset needs a verified email or phone: you have one"
                : "Password reset needs a verified email or phone: add one");
        g.writeEndObject();
        g.writeObjectFieldStart("twoStepVerification");
        g.writeStringField("status", info.twoStep().wireName());
        g.writeBooleanField("phishingResistant", info.phishingResistant());
        g.writeStringField("text", switch (info.twoStep()) {
            case ON -> info.phishingResistant()
                    ? "Two-step verification: on. Signing in with your password asks for your second step; a passkey "
                            + "signs you in on its own and cannot be phished"
                    : "Two-step verification: on. Signing in with your password asks for your second step";
            case OFF -> info.phishingResistant()
                    ? "Two-step verification: off. You can sign in with a passkey, which cannot be phished, but signing in "
                            + "with your password asks for nothing else: add an authenticator app"
                    : "Two-step verification: off. Signing in with your password asks for nothing else: add an authenticator app";
            case REQUIRED -> "Two-step verification: required by your organization";
        });
        g.writeEndObject();
        g.writeEndObject();
        g.writeEndObject();
    }

    /** 201 with the method added, and where it is. */
    static ApiResponse created(SecurityMethod method) {
        return ApiResponse.json(201, g -> method(g, method)).withHeader("Location", "/me/security-info/methods/" + method.id());
    }

    static void method(JsonGenerator g, SecurityMethod method) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", method.id());
        g.writeStringField("type", method.type().wireName());
        Json.field(g, "name", method.name());
        Json.field(g, "target", method.maskedTarget());
        Json.field(g, "addedAt", method.addedAt().map(Object::toString));
        g.writeBooleanField("isDefault", method.isDefault());
        g.writeArrayFieldStart("usedFor");
        for (String use : method.usedFor()) {
            g.writeString(use);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    static void passkey(JsonGenerator g, Passkey passkey) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", passkey.id());
        g.writeStringField("name", passkey.name().orElse(passkey.authenticatorName()));
        g.writeStringField("authenticatorName", passkey.authenticatorName());
        g.writeBooleanField("named", passkey.name().isPresent());
        g.writeStringField("addedAt", passkey.addedAt().toString());
        Json.field(g, "attachment", passkey.attachment());
        g.writeArrayFieldStart("transports");
        for (String transport : passkey.transports()) {
            g.writeString(transport);
        }
        g.writeEndArray();
        g.writeFieldName("signsInWithoutPassword");
        if (passkey.signsInWithoutPassword().isPresent()) {
            g.writeBoolean(passkey.signsInWithoutPassword().get());
        } else {
            g.writeNull();
        }
        g.writeEndObject();
    }

    static void managedElsewhere(JsonGenerator g, Optional<String> accountPageUrl) throws IOException {
        g.writeStartObject();
        g.writeStringField("managedBy", "provider");
        Json.field(g, "accountPageUrl", accountPageUrl);
        g.writeEndObject();
    }
}
