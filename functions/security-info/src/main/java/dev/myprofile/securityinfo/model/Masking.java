package dev.myprofile.securityinfo.model;

/**
 * How a phone number or email address is shown once it is on file: enough to recognise it, not
 * enough to learn it ({@code +46 70••• ••67}, {@code a•••@contoso.example}). Logs never carry more.
 */
public final class Masking {
    private static final String DOTS = "•••";

    private Masking() {}

    /** An E.164 number: country and first digits, then only the last two. */
    public static String phone(String e164) {
        String digits = e164.startsWith("+") ? e164.substring(1) : e164;
        if (digits.length() < 6) {
            return "+" + DOTS;
        }
        return "+" + digits.substring(0, 2) + " " + digits.substring(2, 4) + DOTS + " ••" + digits.substring(digits.length() - 2);
    }

    public static String email(String address) {
        int at = address.lastIndexOf('@');
        if (at <= 0) {
            return DOTS;
        }
        return address.codePoints().limit(1).collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                + DOTS + address.substring(at);
    }
}
