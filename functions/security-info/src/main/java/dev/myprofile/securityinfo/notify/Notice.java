package dev.myprofile.securityinfo.notify;

/**
 * The security notices My Profile sends when security info changes, so a person learns of a change
 * they did not make. They name what changed, never a code, secret, password or full phone number.
 */
public enum Notice {
    METHOD_ADDED("A sign-in method was added to your account",
            "A sign-in method was added to your security info."),
    METHOD_RENAMED("A sign-in method of your account was renamed",
            "A sign-in method in your security info was given a new name."),
    METHOD_REMOVED("A sign-in method was removed from your account",
            "A sign-in method was removed from your security info."),
    DEFAULT_CHANGED("Your default sign-in method changed",
            "The method your sign-in asks for first was changed."),
    EMAIL_CHANGED("The email address of your account was changed",
            "The email address you sign in with and reset your password with was changed. This notice goes to the address you had."),
    PASSWORD_CHANGED("Your password was changed",
            "The password of your account was changed.");

    private static final String FOOTER = "\n\nIf this was you, there is nothing to do. If it was not, sign in to My Profile, "
            + "review your security info and sign out everywhere, or contact your administrator.";

    private final String subject;
    private final String body;

    Notice(String subject, String body) {
        this.subject = subject;
        this.body = body;
    }

    public String subject() { return subject; }

    public String body() { return body + FOOTER; }
}
