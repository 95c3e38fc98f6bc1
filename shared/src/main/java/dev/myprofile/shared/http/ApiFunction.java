package dev.myprofile.shared.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.myprofile.shared.auth.Caller;
import dev.myprofile.shared.dynamodb.RateLimits;
import dev.myprofile.shared.dynamodb.Transactions;
import dev.myprofile.shared.log.Log;
import dev.myprofile.shared.problem.Problem;
import dev.myprofile.shared.text.Language;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The request pipeline every API handler runs: validate the token, refuse a token that "sign out
 * everywhere" revoked, count a change against the user's write limit (429 when it is reached), run
 * the operation, turn any {@link Problem} into problem+json, add the security and CORS headers, log
 * one line. A handler supplies only {@link #handle}.
 */
public abstract class ApiFunction implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private static final String EXPOSED_HEADERS = "ETag, Location, Retry-After, WWW-Authenticate";

    protected final Api api;

    protected ApiFunction(Api api) {
        this.api = api;
        api.priming().pipeline(this);
    }

    /** The operation, for a caller whose token has been validated and not revoked. */
    protected abstract ApiResponse handle(ApiRequest request, Caller caller);

    @Override
    public final APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        long started = System.nanoTime();
        ApiRequest request = new ApiRequest(event);
        Log.bindRequest(request.requestId());
        ApiResponse response;
        try {
            Caller caller = api.tokens().validate(request.header("authorization"));
            api.signOuts().check(caller, !request.isRead());
            if (!request.isRead()) {
                limit(caller, api.writeLimit());
            }
            response = handle(request, caller);
        } catch (Problem problem) {
            // The one rule (Language.choose): no handler knows the profile's language where it finds a
            // field wrong, so the request's Accept-Language decides (the web app sends the person's own).
            response = ApiResponse.problem(problem, Language.choose(Optional.empty(), request.header("accept-language")));
        } catch (SdkClientException | AwsServiceException e) {
            response = ApiResponse.problem(storeFailure(e));
        } catch (RuntimeException e) {
            Log.error("request.failed", "route", request.routeKey(), "exception", e.getClass().getName(),
                    "message", String.valueOf(e.getMessage()));
            response = ApiResponse.problem(Problem.of(500, "internal", "Something went wrong",
                    "The request could not be completed. It is safe to try again."));
        }
        try {
            Log.info("request", "route", request.routeKey(), "status", response.status(),
                    "ms", (System.nanoTime() - started) / 1_000_000);
            return toEvent(request, response);
        } finally {
            Log.unbindRequest();
        }
    }

    /**
     * Counts this request of {@code caller} against {@code limit}: 429 with Retry-After (whole
     * seconds) once the limit is reached, before anything changes.
     */
    protected final void limit(Caller caller, RateLimits.Limit limit) {
        api.rateLimits().acquire(caller.userKey(), limit, api.clock().instant()).ifPresent(wait -> {
            Log.warn("rate.limited", "limit", limit.name());
            throw Problem.of(429, "too-many-requests", "Too many requests",
                            "Too many requests of this kind in a short time. Try again in " + wait.toSeconds() + " seconds.")
                    .withHeader("Retry-After", Long.toString(wait.toSeconds()));
        });
    }

    /**
     * The SDK has already retried throttling and server errors by the standard policy, and the
     * stores have retried transactions cancelled for conflicts or throttling. What reaches here is
     * a conflict that kept losing (409, try again), an outage or a refusal a client can only wait
     * out (503 with Retry-After), or a fault of our configuration (500: a missing table, a missing
     * permission). Nothing was half-written: every change is a single conditional write or a
     * transaction.
     */
    private static Problem storeFailure(RuntimeException e) {
        if (e instanceof TransactionCanceledException cancelled) {
            Transactions.Cancellation why = Transactions.cancellation(cancelled);
            Log.error("store.cancelled", "reason", why.name(), "reasons", cancelled.hasCancellationReasons()
                    ? cancelled.cancellationReasons().stream().map(r -> String.valueOf(r.code())).toList().toString() : "[]");
            return switch (why) {
                case CONFLICT, CONDITION_FAILED -> concurrentChange();
                case THROTTLED -> busy();
                case REJECTED -> Problem.unavailable("The change could not be stored. Nothing was changed; try again later.");
            };
        }
        if (e instanceof TransactionConflictException) {
            Log.warn("store.conflict", "exception", e.getClass().getSimpleName());
            return concurrentChange();
        }
        if (e instanceof SdkClientException) {
            Log.error("store.unreachable", "exception", e.getClass().getSimpleName());
            return Problem.unavailable("The service can't reach its data right now. Try again shortly.");
        }
        AwsServiceException service = (AwsServiceException) e;
        Log.error("store.failed", "exception", e.getClass().getSimpleName(), "status", service.statusCode());
        if (service.isThrottlingException()) {
            return busy();
        }
        if (service.statusCode() >= 500) {
            return Problem.unavailable("The service can't reach its data right now. Try again shortly.");
        }
        return Problem.of(500, "internal", "Something went wrong", "The request could not be completed.");
    }

    private static Problem busy() {
        return Problem.unavailable("The service is busy. Try again in a moment.");
    }

    private static Problem concurrentChange() {
        return Problem.of(409, "concurrent-change", "Changed elsewhere",
                        "Something else changed this at the same moment. Nothing was changed; try again.")
                .withHeader("Retry-After", "1");
    }

    private APIGatewayV2HTTPResponse toEvent(ApiRequest request, ApiResponse response) {
        Map<String, String> headers = new LinkedHashMap<>(response.headers());
        headers.putAll(ApiResponse.PROTECTIVE_HEADERS);
        api.webOrigin().ifPresent(origin -> {
            headers.put("Vary", "Origin");
            if (request.header("origin").filter(origin::equals).isPresent()) {
                headers.put("Access-Control-Allow-Origin", origin);
                headers.put("Access-Control-Expose-Headers", EXPOSED_HEADERS);
            }
        });
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(response.status())
                .withHeaders(headers)
                .withBody(response.body())
                .withIsBase64Encoded(false)
                .build();
    }
}
