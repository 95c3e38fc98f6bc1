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

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * SECURITY.md: POSTs that send a message or create something accept an {@code Idempotency-Key}, and a
 * repeat returns the first response and sends nothing again. Every such security-info route runs its
 * work through {@link #once}: after its own checks (the body, step-up), before anything is sent or
 * written. The answer is kept in the caller's partition under the route and the key, so a key is never
 * answered for another person or another route.
 *
 * <p>A repeat is answered from the record alone: its body is not compared with the first one. That is
 * how the start routes have always behaved, and it means nothing from the request is stored — which
 * matters for the password change, whose body holds both passwords: only the answer (the time of the
 * change) is kept, never the passwords or anything derived from them.
 */
final class Idempotency {
    private static final int MAX_KEY = 128;

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

    /**
     * {@code work}'s answer; with a key, the first answer to it (status, body, Location) without doing
     * the work again. When the work fails the key is let go, so the same request can be retried; while
     * another request with the key is being worked on, 409 {@code concurrent-change}.
     */
    ApiResponse once(ApiRequest request, UserKey user, Optional<String> key, Supplier<ApiResponse> work) {
        if (key.isEmpty()) {
            return work.get();
        }
        String scope = request.routeKey();
        Claim claim = store.claim(user, scope, key.get(), clock.instant());
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
            store.complete(user, scope, key.get(), new Answer(response.status(), response.body() == null ? "" : response.body(),
                    Optional.ofNullable(response.headers().get("Location"))), clock.instant());
        } catch (RuntimeException notKept) {
            // The work is done and must be answered; a retry within the claim's life gets 409, then runs again.
        }
        return response;
    }
}
