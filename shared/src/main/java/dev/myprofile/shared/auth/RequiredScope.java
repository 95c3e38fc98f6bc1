package dev.myprofile.shared.auth;

import dev.myprofile.shared.config.Config.ConfigException;
import dev.myprofile.shared.problem.Problem;

/**
 * A scope an operation needs beyond a valid token: how one client's token (the device-registration
 * client's) is told from another's (the web app's). Missing, it is a 403 that names the scope, with
 * RFC 6750's {@code insufficient_scope} challenge.
 */
public record RequiredScope(String scope) {

    public RequiredScope {
        if (scope == null || scope.isBlank() || scope.chars().anyMatch(c -> c <= ' ' || c == '"' || c == '\\')) {
            throw new ConfigException("A required scope must be one scope token, not '" + scope + "'");
        }
    }

    public void check(Caller caller) {
        if (!caller.scopes().contains(scope)) {
            throw Problem.of(403, "insufficient-scope", "Not allowed for this client",
                            "This request needs an access token with the scope " + scope + ", which this token does not carry.")
                    .with("requiredScope", scope)
                    .withHeader("WWW-Authenticate", "Bearer error=\"insufficient_scope\", scope=\"" + scope + "\"");
        }
    }
}
