package dev.myprofile.shared.problem;

import java.util.List;
import java.util.Optional;

/**
 * Why a field of a request is not valid: the one closed set of machine-readable codes a 400 validation
 * problem's {@code errors} carry ({@code {"field":"code","code":"wrong-code","message":"…"}}), declared
 * here once. openapi.yaml's {@code FieldError.code} enum lists the same codes, and the web app has words
 * for each ({@code field.<code>}). A code's text for a person is {@code field.<code>} in a server
 * catalog, in every language with the same {@link #slots} filled: the layer's ({@code texts_*.properties}
 * beside {@link Problem}) for a code any module may give, a module's own for the codes only it gives.
 */
public enum FieldCode {
    // What any request's body, query or path can get wrong (the layer's catalog).
    UNKNOWN_FIELD("unknown-field"),
    REQUIRED("required"),
    NOT_NULL("not-null"),
    NOT_STRING("not-string"),
    NOT_WHOLE_NUMBER("not-whole-number"),
    INVALID_UNICODE("invalid-unicode"),
    INVISIBLE_CHARACTERS("invisible-characters"),
    EMPTY("empty"),
    TOO_LONG("too-long", "max"),
    OUT_OF_RANGE("out-of-range", "min", "max"),
    ONE_OF("one-of", "values"),
    NOT_DIGITS("not-digits", "count"),
    NOT_PHONE_NUMBER("not-phone-number"),
    NOT_EMAIL("not-email"),
    NOT_LANGUAGE_TAG("not-language-tag"),
    NOT_ID("not-id", "max"),
    NOT_CONFIRMATION("not-confirmation", "word"),
    NOT_ALLOWED("not-allowed"),
    UNKNOWN_PAGE("unknown-page"),
    NOT_INSTANT("not-instant"),
    TIME_OUT_OF_RANGE("time-out-of-range", "years"),
    // Security info's own (its catalog): one-time codes, passwords, the email address, passkeys.
    WRONG_CODE("wrong-code", "triesLeft"),
    WRONG_CODE_LAST_TRY("wrong-code-last-try"),
    NO_TRIES_LEFT("no-tries-left"),
    EXPIRED_CODE("expired-code"),
    USED_CODE("used-code"),
    WRONG_APP_CODE("wrong-app-code"),
    WRONG_PASSWORD("wrong-password"),
    TOO_SHORT("too-short", "min"),
    COMMON_PASSWORD("common-password"),
    COMMON_PASSWORD_VARIANT("common-password-variant"),
    PERSONAL_PASSWORD("personal-password"),
    SAME_PASSWORD("same-password"),
    PASSWORD_POLICY("password-policy"),
    SAME_EMAIL("same-email"),
    PASSKEY_MALFORMED("passkey-malformed"),
    PASSKEY_REPLAYED("passkey-replayed"),
    PASSKEY_OTHER_SITE("passkey-other-site"),
    PASSKEY_OTHER_ORIGIN("passkey-other-origin"),
    PASSKEY_OTHER_APP("passkey-other-app"),
    PASSKEY_UNSUPPORTED("passkey-unsupported"),
    PASSKEY_REFUSED("passkey-refused");

    private final String code;
    private final List<String> slots;

    FieldCode(String code, String... slots) {
        this.code = code;
        this.slots = List.of(slots);
    }

    /** The wire form, kebab-case: {@code wrong-code}. */
    public String code() {
        return code;
    }

    /** The named parameters its text needs, in the order {@link Problem.FieldError} takes their values. */
    public List<String> slots() {
        return slots;
    }

    /** The catalog key of its text: {@code field.wrong-code}. */
    public String key() {
        return "field." + code;
    }

    public static Optional<FieldCode> of(String code) {
        for (FieldCode each : values()) {
            if (each.code.equals(code)) {
                return Optional.of(each);
            }
        }
        return Optional.empty();
    }
}
