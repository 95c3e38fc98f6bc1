package dev.myprofile.shared.http;

import dev.myprofile.shared.problem.Problem;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The version a write is based on: {@code If-Match} with the ETag a read returned, or a
 * {@code version} field in the body. A stale write is refused — 412 for If-Match (RFC 9110), 409 for
 * the field — and a write that names no version at all gets 428, so no edit can blindly overwrite
 * another. A weak ETag ({@code W/"3"}) never matches If-Match (RFC 9110): 412.
 */
public final class Preconditions {
    private static final Pattern ETAG = Pattern.compile("(W/)?\"([0-9]{1,18})\"");

    private final Optional<Long> ifMatch;
    private final long expected;

    private Preconditions(Optional<Long> ifMatch, long expected) {
        this.ifMatch = ifMatch;
        this.expected = expected;
    }

    public static String etag(long version) {
        return "\"" + version + "\"";
    }

    public static Preconditions of(ApiRequest request, Optional<Long> bodyVersion, String readFrom) {
        Optional<Long> ifMatch = request.header("if-match").map(value -> {
            var matcher = ETAG.matcher(value.trim());
            if (!matcher.matches()) {
                throw Problem.badRequest("If-Match must be the ETag from " + readFrom + ", like \"3\".");
            }
            if (matcher.group(1) != null) {
                // RFC 9110 13.1.1: If-Match uses the strong comparison, which a weak tag never passes.
                throw Problem.of(412, "weak-etag", "Precondition failed",
                        "If-Match needs the strong ETag from " + readFrom + ", like \"3\"; a weak one (W/) never matches.");
            }
            return Long.parseLong(matcher.group(2));
        });
        if (ifMatch.isPresent() && bodyVersion.isPresent() && !ifMatch.equals(bodyVersion)) {
            throw Problem.badRequest("If-Match and the version field name different versions.");
        }
        long expected = ifMatch.or(() -> bodyVersion).orElseThrow(() -> Problem.of(428, "precondition-required",
                "Version required", "Send If-Match with the ETag from " + readFrom + ", or the version field."));
        return new Preconditions(ifMatch, expected);
    }

    public long expectedVersion() {
        return expected;
    }

    public Problem stale(long currentVersion, String what) {
        return Problem.of(ifMatch.isPresent() ? 412 : 409, "stale-version", "Changed elsewhere",
                        what + " was changed since you loaded it. Reload and try again.")
                .with("currentVersion", currentVersion)
                .withHeader("ETag", etag(currentVersion));
    }
}
