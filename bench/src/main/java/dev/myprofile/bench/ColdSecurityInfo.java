package dev.myprofile.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.myprofile.securityinfo.entrypoints.GetSecurityInfoHandler;

/**
 * Cold-start child: a fresh container's first {@code GET /me/security-info} (token check, one Query,
 * one Cognito GetUser, the answer), on the function's jar and the layer's. Argument: the whole
 * Authorization header.
 */
public final class ColdSecurityInfo {
    private ColdSecurityInfo() {}

    public static void main(String[] args) {
        var event = MeEvent.get("/me/security-info", args[0], "cold-start");
        APIGatewayV2HTTPResponse response = new GetSecurityInfoHandler().handleRequest(event, null);
        if (response.getStatusCode() != 200) {
            System.out.println("FAIL " + response.getStatusCode() + " " + response.getBody());
            System.exit(1);
        }
        System.out.println("DONE 200");
        System.out.flush();
        System.exit(0);
    }
}
