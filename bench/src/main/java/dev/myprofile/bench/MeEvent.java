package dev.myprofile.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent.RequestContext;

import java.util.Map;

/**
 * {@code GET /me} as the Lambda runtime hands it to the handler: an already deserialized payload-2.0
 * event, the fields events/get-me.json carries. Built with the builder, not read from the file, so the
 * cold-start child needs no JSON mapper that the deployed function would not have.
 */
final class MeEvent {
    static final String ORIGIN = "https://myprofile.test";

    private MeEvent() {}

    /** @param authorization the header's whole value, {@code Bearer <token>}: the child builds no strings of its own. */
    static APIGatewayV2HTTPEvent get(String authorization, String requestId) {
        return get("/me", authorization, requestId);
    }

    /** A GET of another of the portal's paths (no path parameters), for the other cold-start children. */
    static APIGatewayV2HTTPEvent get(String path, String authorization, String requestId) {
        String userAgent = "Mozilla/5.0 (X11; Linux x86_64)";
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey("GET " + path)
                .withRawPath(path)
                .withRawQueryString("")
                .withHeaders(Map.of(
                        "accept", "application/json",
                        "authorization", authorization,
                        "host", "abc123.execute-api.eu-north-1.amazonaws.com",
                        "origin", ORIGIN,
                        "user-agent", userAgent,
                        "x-forwarded-for", "203.0.113.7",
                        "x-forwarded-proto", "https"))
                .withRequestContext(RequestContext.builder()
                        .withRouteKey("GET " + path)
                        .withStage("$default")
                        .withRequestId(requestId)
                        .withHttp(RequestContext.Http.builder()
                                .withMethod("GET")
                                .withPath(path)
                                .withProtocol("HTTP/1.1")
                                .withSourceIp("203.0.113.7")
                                .withUserAgent(userAgent)
                                .build())
                        .build())
                .withIsBase64Encoded(false)
                .build();
    }
}
