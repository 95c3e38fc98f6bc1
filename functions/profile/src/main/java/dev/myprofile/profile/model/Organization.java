package dev.myprofile.profile.model;

import java.util.Optional;

/** A directory entry, kept by an administrator: what the portal tells users about an organization. */
public record Organization(
        String id,
        String name,
        Optional<String> domain,
        Optional<String> privacyStatementUrl,
        Optional<String> privacyContact,
        Optional<String> termsOfUseUrl) {}
