package dev.myprofile.securityinfo.entrypoints;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.myprofile.testkit.Events;
import dev.myprofile.testkit.TestContext;

import java.util.Map;

/** The security-info tests' requests: a route's sample event with the caller's token and a body, sent to a handler. */
final class Calls {
    private Calls() {}

    /** The sample's event with this token and body (none: no Content-Type either). */
    static APIGatewayV2HTTPEvent event(String sample, String token, String body) {
        APIGatewayV2HTTPEvent event = Events.withToken(Events.load(sample), token);
        event.setBody(body);
        if (body == null) {
            event.getHeaders().remove("content-type");
        }
        return event;
    }

    /** As {@link #event}, for the method the path names. */
    static APIGatewayV2HTTPEvent methodEvent(String sample, String token, String methodId, String body) {
        APIGatewayV2HTTPEvent event = event(sample, token, body);
        event.setPathParameters(Map.of("methodId", methodId));
        return event;
    }

    static APIGatewayV2HTTPResponse call(RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler,
                                         APIGatewayV2HTTPEvent event) {
        return handler.handleRequest(event, new TestContext());
    }
}
