package dev.myprofile.shared.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.myprofile.shared.auth.Caller;
import dev.myprofile.shared.log.Log;
import dev.myprofile.shared.problem.Problem;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The request pipeline every API handler runs: validate the token, refuse a token that "sign out
 * everywhere" revoked, run the operation, turn any {@link Problem} into problem+json, add the
 * security and CORS headers, log one line. A handler supplies only {@link #handle}.
 */
public abstract class ApiFunction implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private static final String EXPOSED_HEADERS = "ETag, Location, Retry-After, WWW-Authenticate";

    protected final Api api;

    protected ApiFunction(Api api) {
        this.api = api;
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
            response = handle(request, caller);
        } catch (Problem problem) {
            response = ApiResponse.problem(problem);
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
     * The SDK has already retried throttling and server errors by the standard policy; what reaches
     * here is an outage (503, try later) or a fault of ours (500). Nothing was half-written: every
     * change is a single conditional write or a transaction.
     */
    private static Problem storeFailure(RuntimeException e) {
        boolean transientFailure = e instanceof SdkClientException
                || (e instanceof AwsServiceException service
                    && (service.statusCode() >= 500 || service.isThrottlingException()));
        Log.error("store.failed", "exception", e.getClass().getSimpleName(), "transient", transientFailure);
        if (transientFailure) {
            return Problem.unavailable("The service is busy. Try again in a moment.");
        }
        return Problem.of(500, "internal", "Something went wrong", "The request could not be completed.");
    }

    private APIGatewayV2HTTPResponse toEvent(ApiRequest request, ApiResponse response) {
        Map<String, String> headers = new LinkedHashMap<>(response.headers());
        headers.put("Cache-Control", "no-store");
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
        headers.put("Referrer-Policy", "no-referrer");
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
