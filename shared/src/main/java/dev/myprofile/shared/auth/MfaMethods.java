package dev.myprofile.shared.auth;

import dev.myprofile.shared.dynamodb.UserKey;

/**
 * Step-up's one question about a user's security info: have they registered a method that can do
 * multi-factor sign-in? Until they have, a recent single-factor sign-in is all that can be asked of
 * them. The security-info module owns the methods and implements this port.
 */
@FunctionalInterface
public interface MfaMethods {

    boolean anyRegistered(UserKey user);

    /**
     * The honest answer while no page can register a method: there are none, so step-up asks for a
     * recent sign-in and, where the token says how the user signed in, counts its factors — but never
     * refuses a single-factor sign-in for a method the user cannot have.
     */
    MfaMethods NONE_REGISTERED = user -> false;
}
