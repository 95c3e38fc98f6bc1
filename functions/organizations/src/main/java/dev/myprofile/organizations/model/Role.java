package dev.myprofile.organizations.model;

/** The user's role in an organization: {@code member} of the home organization, {@code guest} of the others. */
public enum Role {
    MEMBER, GUEST;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
