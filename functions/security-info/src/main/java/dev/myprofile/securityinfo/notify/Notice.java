package dev.myprofile.securityinfo.notify;

import dev.myprofile.securityinfo.Texts;
import dev.myprofile.shared.text.Language;
import dev.myprofile.shared.text.WrittenTime;

import java.time.Instant;
import java.util.Optional;

/**
 * The security notices My Profile sends when security info changes, so a person learns of a change
 * they did not make. They name what changed (the method's kind and the name it has) and when, in the
 * person's language (the module's catalog, {@link Texts}) with the date in words and the zone named; never a code,
 * secret, password or full phone number.
 */
public enum Notice {
    METHOD_ADDED("Method"),
    METHOD_RENAMED("Method"),
    METHOD_REMOVED("Method"),
    DEFAULT_CHANGED("method"),
    EMAIL_CHANGED(null),
    PASSWORD_CHANGED(null);

    /** The slot its body names the method in ({@code Method} at the start of a sentence), or none. */
    private final String methodSlot;

    Notice(String methodSlot) {
        this.methodSlot = methodSlot;
    }

    /** The English subject (the notice's name in logs and tests). */
    public String subject() {
        return Texts.CATALOG.text(Language.EN, "notice." + name() + ".subject");
    }

    /** The kinds of method a notice can name ({@code notice.kind.*} in the catalog). */
    public enum Kind {
        AUTHENTICATOR_APP,
        PHONE,
        EMAIL,
        PASSKEY;

        /** The kind of a security-info method by its id ({@code authenticator-app}, {@code phone}, {@code email}). */
        public static Kind of(dev.myprofile.securityinfo.model.MethodType type) {
            return switch (type) {
                case AUTHENTICATOR_APP -> AUTHENTICATOR_APP;
                case PHONE -> PHONE;
                case EMAIL -> EMAIL;
            };
        }
    }

    /** What the notice is about: which method (kind and the name it has, when known), when, and the reader's language. */
    public record About(Optional<Kind> kind, Optional<String> name, Instant at, Language language) {

        public static About method(Kind kind, Optional<String> name, Instant at, Language language) {
            return new About(Optional.of(kind), name.filter(n -> !n.isBlank()), at, language);
        }

        public static About account(Instant at, Language language) {
            return new About(Optional.empty(), Optional.empty(), at, language);
        }
    }

    /** An email: subject and plain-text body. */
    public record Letter(String subject, String body) {}

    public Letter letter(About about) {
        Language language = about.language();
        String method = about.kind()
                .map(k -> {
                    String kind = Texts.CATALOG.text(language, "notice.kind." + k.name());
                    return about.name().map(n -> Texts.CATALOG.text(language, "notice.kind.named", "kind", kind, "name", n)).orElse(kind);
                })
                .orElseGet(() -> Texts.CATALOG.text(language, "notice.kind.unknown"));
        String at = WrittenTime.of(about.at(), language.tag());
        String text = methodSlot == null
                ? Texts.CATALOG.text(language, "notice." + name() + ".body", "at", at)
                : Texts.CATALOG.text(language, "notice." + name() + ".body", "at", at, methodSlot,
                        methodSlot.equals("Method") ? Character.toUpperCase(method.charAt(0)) + method.substring(1) : method);
        return new Letter(Texts.CATALOG.text(language, "notice." + name() + ".subject"),
                text + "\n\n" + Texts.CATALOG.text(language, "notice.footer"));
    }
}
