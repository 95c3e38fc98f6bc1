package dev.myprofile.securityinfo.entrypoints;

import dev.myprofile.securityinfo.store.IdempotencyStore;
import dev.myprofile.securityinfo.store.IdempotencyStore.Answer;
import dev.myprofile.securityinfo.store.IdempotencyStore.Claim;
import dev.myprofile.securityinfo.store.dynamodb.DynamoIdempotencyStore;
import dev.myprofile.shared.dynamodb.UserKey;
import dev.myprofile.shared.http.Api;
import dev.myprofile.shared.http.ApiRequest;
import dev.myprofile.shared.http.ApiResponse;
import dev.myprofile.shared.problem.Problem;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * SECURITY.md: POSTs that send a message or create something accept an {@code Idempotency-Key}, and a
 * repeat returns the first response and sends nothing again. Every such security-info route runs its
 * work through {@link #once}: after its own checks (the body, step-up), before anything is sent or
 * written. The answer is kept in the caller's partition under the route and the key, so a key is never
 * answered for another person or another route.
 *
 * <p>The same key with another body is not a repeat: 422 {@code idempotency-key-reused} (the IETF
 * Idempotency-Key draft), and nothing is done — a second phone number never gets the first one's answer,
 * a wrong code never gets the right one's. The claim and the answer keep a SHA-256 digest of the route
 * and the body to tell. Except for the password change: its body holds both passwords, and a fast digest
 * of them would be a password hash anyone reading the table could test guesses against, so nothing from
 * that request is stored and a repeat there is answered from the record alone.
 */
final class Idempotency {
    private static final int MAX_KEY = 128;
    /** The routes whose bodies hold secrets: no digest of them is kept (see above). */
    private static final Set<String> SECRET_BODIES = Set.of("POST /me/security-info/password");

    private final IdempotencyStore store;
    private final Clock clock;

    Idempotency(IdempotencyStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    static Idempotency of(Api api) {
        return new Idempotency(new DynamoIdempotencyStore(api.platform()), api.clock());
    }

    /** The request's {@code Idempotency-Key}, if it has one: 1 to 128 visible ASCII characters, or 400. */
    static Optional<String> key(ApiRequest request) {
        Optional<String> key = request.header("idempotency-key").map(String::trim).filter(k -> !k.isEmpty());
        if (key.filter(k -> k.length() > MAX_KEY || !k.matches("[\\x21-\\x7e]+")).isPresent()) {
            throw Problem.badRequest("The Idempotency-Key header must be 1 to " + MAX_KEY + " visible ASCII characters.");
        }
        return key;
    }

    /** A SHA-256 digest of the route and the body as sent; none for a route whose body holds secrets. */
    static Optional<String> fingerprint(ApiRequest request) {
        if (SECRET_BODIES.contains(request.routeKey())) {
            return Optional.empty();
        }
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(request.routeKey().getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) '\n');
            if (request.hasBody()) {
                sha256.update(request.jsonBody());
            }
            return Optional.of(Base64.getUrlEncoder().withoutPadding().encodeToString(sha256.digest()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A record without a digest (a route that keeps none, or one kept before digests were) matches any request. */
    private static boolean sameRequest(Optional<String> stored, Optional<String> fingerprint) {
        return stored.isEmpty() || stored.equals(fingerprint);
    }

    /**
     * {@code work}'s answer; with a key, the first answer to it (status, body, Location) without doing
     * the work again, or 422 when the key was used with another body. When the work fails the key is let go, so the same request can be retried; while
     * another request with the key is being worked on, 409 {@code concurrent-change}.
     */
    ApiResponse once(ApiRequest request, UserKey user, Optional<String> key, Supplier<ApiResponse> work) {
        if (key.isEmpty()) {
            return work.get();
        }
        String scope = request.routeKey();
        Optional<String> fingerprint = fingerprint(request);
        Claim claim = store.claim(user, scope, key.get(), fingerprint, clock.instant());
        if (claim instanceof Claim.Answered answered && !sameRequest(answered.fingerprint(), fingerprint)
                || claim instanceof Claim.InProgress inProgress && !sameRequest(inProgress.fingerprint(), fingerprint)) {
            throw Problem.of(422, "idempotency-key-reused", "Idempotency-Key used for another request",
                    "This Idempotency-Key was already used with a different request. Nothing was done; send a new request with a new key.");
        }
        if (claim instanceof Claim.Answered answered) {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", ApiResponse.JSON);
            answered.answer().location().ifPresent(location -> headers.put("Location", location));
            return new ApiResponse(answered.answer().status(), headers, answered.answer().body());
        }
        if (claim instanceof Claim.InProgress) {
            // The documented 409 of these routes: the client tries again, and then gets the first answer.
            throw Problem.of(409, "concurrent-change", "Changed elsewhere",
                    "A request with the same Idempotency-Key is still being answered. Try again in a moment.")
                    .withHeader("Retry-After", "1");
        }
        ApiResponse response;
        try {
            response = work.get();
        } catch (RuntimeException failed) {
            try {
                store.release(user, scope, key.get(), clock.instant());
            } catch (RuntimeException ignored) {
                failed.addSuppressed(ignored); // the claim lapses on its own
            }
            throw failed;
        }
        try {
            store.complete(user, scope, key.get(), fingerprint, new Answer(response.status(), response.body() == null ? "" : response.body(),
                    Optional.ofNullable(response.headers().get("Location"))), clock.instant());
        } catch (RuntimeException notKept) {
            // The work is done and must be answered; a retry within the claim's life gets 409, then runs again.
        }
        return response;
    }
}
