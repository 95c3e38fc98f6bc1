package dev.myprofile.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.myprofile.profile.entrypoints.GetMeHandler;

/**
 * Cold-start child: what a fresh Lambda container does for its first {@code GET /me}. The handler's
 * no-argument constructor reads the process environment, as in Lambda; the classpath is exactly the
 * function jar and the layer's jars. Argument: the access token.
 */
public final class ColdGetMe {
    private ColdGetMe() {}

    public static void main(String[] args) {
        // Nothing computed here (no request id from the pid, no "Bearer " + token): that would
        // bootstrap string concatenation and ProcessHandle, costs of this harness, not of the function.
        var event = MeEvent.get(args[0], "cold-start");
        // The handler never reads the Context; the runtime's own object is not the function's cost.
        APIGatewayV2HTTPResponse response = new GetMeHandler().handleRequest(event, null);
        if (response.getStatusCode() != 200) {
            System.out.println("FAIL " + response.getStatusCode() + " " + response.getBody());
            System.exit(1);
        }
        System.out.println("DONE 200");
        System.out.flush();
        // Exit at once: shutdown is not part of the first response, and the bare child does the same.
        System.exit(0);
    }
}
