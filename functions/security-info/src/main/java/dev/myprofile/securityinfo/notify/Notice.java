package dev.myprofile.securityinfo.notify;

import dev.myprofile.shared.text.WrittenTime;

import java.time.Instant;
import java.util.Optional;

/**
 * The security notices My Profile sends when security info changes, so a person learns of a change
 * they did not make. They name what changed (the method's kind and the name it has) and when, in the
 * person's language (English or Swedish) with the date in words and the zone named; never a code,
 * secret, password or full phone number.
 */
public enum Notice {
    METHOD_ADDED("A sign-in method was added to your account", "{Method} was added to your security info on {at}.",
            "En inloggningsmetod lades till på ditt konto", "{Method} lades till i din säkerhetsinformation {at}."),
    METHOD_RENAMED("A sign-in method of your account was renamed", "{Method} in your security info was given its name on {at}.",
            "En inloggningsmetod på ditt konto fick nytt namn", "{Method} i din säkerhetsinformation fick sitt namn {at}."),
    METHOD_REMOVED("A sign-in method was removed from your account", "{Method} was removed from your security info on {at}.",
            "En inloggningsmetod togs bort från ditt konto", "{Method} togs bort från din säkerhetsinformation {at}."),
    DEFAULT_CHANGED("Your default sign-in method changed", "On {at}, the method your sign-in asks for first became {method}.",
            "Din förvalda inloggningsmetod ändrades", "Sedan {at} ber din inloggning först om {method}."),
    EMAIL_CHANGED("The email address of your account was changed",
            "The email address you sign in with and reset your password with was changed on {at}. This notice goes to the address you had.",
            "E-postadressen för ditt konto ändrades",
            "E-postadressen du loggar in och återställer ditt lösenord med ändrades {at}. Det här meddelandet går till adressen du hade."),
    PASSWORD_CHANGED("Your password was changed", "The password of your account was changed on {at}.",
            "Ditt lösenord ändrades", "Lösenordet till ditt konto ändrades {at}.");

    private static final String FOOTER = "\n\nIf this was you, there is nothing to do. If it was not, sign in to My Profile, "
            + "review your security info and sign out everywhere, or contact your administrator.";
    private static final String FOOTER_SV = "\n\nOm det var du behöver du inte göra något. Om det inte var du: logga in i My Profile, "
            + "gå igenom din säkerhetsinformation och logga ut överallt, eller kontakta din administratör.";

    private final String subject;
    private final String body;
    private final String subjectSv;
    private final String bodySv;

    Notice(String subject, String body, String subjectSv, String bodySv) {
        this.subject = subject;
        this.body = body;
        this.subjectSv = subjectSv;
        this.bodySv = bodySv;
    }

    /** The English subject (the notice's name in logs and tests). */
    public String subject() { return subject; }

    /** The kinds of method a notice can name, in each language. */
    public enum Kind {
        AUTHENTICATOR_APP("the authenticator app", "autentiseringsappen"),
        PHONE("the phone", "telefonen"),
        EMAIL("the email address", "e-postadressen"),
        PASSKEY("the passkey or security key", "nyckeln");

        private final String en;
        private final String sv;

        Kind(String en, String sv) {
            this.en = en;
            this.sv = sv;
        }

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
    public record About(Optional<Kind> kind, Optional<String> name, Instant at, boolean swedish) {

        public static About method(Kind kind, Optional<String> name, Instant at, boolean swedish) {
            return new About(Optional.of(kind), name.filter(n -> !n.isBlank()), at, swedish);
        }

        public static About account(Instant at, boolean swedish) {
            return new About(Optional.empty(), Optional.empty(), at, swedish);
        }
    }

    /** An email: subject and plain-text body. */
    public record Letter(String subject, String body) {}

    public Letter letter(About about) {
        String method = about.kind()
                .map(k -> (about.swedish() ? k.sv : k.en) + about.name().map(n -> (about.swedish() ? " ”" + n + "”" : " \u201c" + n + "\u201d")).orElse(""))
                .orElse(about.swedish() ? "en inloggningsmetod" : "a sign-in method");
        String at = WrittenTime.of(about.at(), about.swedish() ? "sv" : "en");
        String text = (about.swedish() ? bodySv : body)
                .replace("{Method}", Character.toUpperCase(method.charAt(0)) + method.substring(1))
                .replace("{method}", method)
                .replace("{at}", at);
        return new Letter(about.swedish() ? subjectSv : subject, text + (about.swedish() ? FOOTER_SV : FOOTER));
    }
}
