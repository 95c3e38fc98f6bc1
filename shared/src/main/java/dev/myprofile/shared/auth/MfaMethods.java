package dev.myprofile.shared.auth;

import dev.myprofile.shared.dynamodb.UserKey;

/**
 * Step-up's one question about a user's security info: have they registered a method that can do
 * multi-factor sign-in? Until they have, a recent single-factor sign-in is all that can be asked of
 * them. {@link DynamoMfaMethods} answers it from the items the Security info page keeps.
 */
@FunctionalInterface
public interface MfaMethods {

    boolean anyRegistered(UserKey user);
}
