package dev.myprofile.sessions.entrypoints;

import dev.myprofile.sessions.signin.CognitoSignInService;
import dev.myprofile.sessions.signin.SignInService;
import dev.myprofile.shared.activity.ActivityEntry;
import dev.myprofile.shared.activity.ActivityEntry.Origin;
import dev.myprofile.shared.activity.ActivityEntry.Subject;
import dev.myprofile.shared.activity.ActivityLog;
import dev.myprofile.shared.auth.Caller;
import dev.myprofile.shared.auth.DynamoSignOuts;
import dev.myprofile.shared.auth.DynamoMfaMethods;
import dev.myprofile.shared.auth.MfaMethods;
import dev.myprofile.shared.auth.SignOuts;
import dev.myprofile.shared.http.Api;
import dev.myprofile.shared.http.ApiFunction;
import dev.myprofile.shared.http.ApiRequest;
import dev.myprofile.shared.http.ApiResponse;
import dev.myprofile.shared.json.ObjectSchema;
import dev.myprofile.shared.platform.Platform;
import dev.myprofile.shared.problem.Problem;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * {@code POST /me/sign-out-everywhere}: sensitive (step-up). In this order, each step safe to repeat:
 * <ol>
 *   <li>the sign-in service's own global sign-out, where there is one (Cognito
 *       {@code AdminUserGlobalSignOut}: its refresh tokens stop working, so no new access token can be
 *       had without signing in). If it does not confirm: 503, nothing changed, the same token may retry;</li>
 *   <li>the activity entry ({@code session.signed-out-everywhere});</li>
 *   <li>the not-before time, which the pipeline honours on every route: every token issued in this
 *       second or before is refused from now on, this one included (a change reads it afresh, a read
 *       within {@code SIGN_OUT_CACHE_SECONDS}).</li>
 * </ol>
 * The answer says what happens next: the web app signs out locally and the user signs in again.
 */
public final class SignOutEverywhereHandler extends ApiFunction {
    public static final String OPERATION = "session.signed-out-everywhere";
    private static final ObjectSchema BODY = ObjectSchema.builder().build();

    private final SignOuts signOuts;
    private final ActivityLog activity;
    private final Platform platform;
    private final SignInService signIn;
    private final MfaMethods mfaMethods;

    public SignOutEverywhereHandler() {
        this(Api.fromEnvironment());
    }

    public SignOutEverywhereHandler(Api api) {
        this(api, CognitoSignInService.from(api.platform()), new DynamoMfaMethods(api.platform().dynamo(), api.platform().table()));
    }

    public SignOutEverywhereHandler(Api api, SignInService signIn, MfaMethods mfaMethods) {
        super(api);
        this.platform = api.platform();
        this.signOuts = new DynamoSignOuts(platform.dynamo(), platform.table());
        this.activity = new ActivityLog(platform.dynamo(), platform.table());
        this.signIn = signIn;
        this.mfaMethods = mfaMethods;
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Caller caller) {
        if (request.hasBody()) {
            BODY.parse(request.jsonBody());
        }
        api.stepUp().require(caller, mfaMethods);
        SignInService.Outcome outcome;
        try {
            outcome = signIn.signOutEverywhere(caller, caller.username());
        } catch (SignInService.Unavailable e) {
            throw Problem.unavailable("The sign-in service did not confirm the sign-out. Nothing has changed; try again.");
        }
        Instant now = api.clock().instant();
        platform.dynamo().transactWriteItems(r -> r.transactItems(activity.write(caller.userKey(), new ActivityEntry(now,
                OPERATION, Subject.of(Subject.SESSION, null, null), Origin.user(request.sourceIp(), request.userAgent())))));
        // Whole seconds, as tokens count time: everything issued up to the end of this second is refused.
        Instant notBefore = now.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        signOuts.signOutEverywhere(caller.userKey(), notBefore);
        return ApiResponse.json(200, g -> {
            g.writeStartObject();
            g.writeStringField("signedOutAt", now.toString());
            g.writeStringField("notBefore", notBefore.toString());
            g.writeBooleanField("signInServiceSignedOut", outcome == SignInService.Outcome.SIGNED_OUT);
            // What happens next, for the web app: forget its tokens and send the user to sign in again.
            g.writeStringField("next", "sign-in-again");
            g.writeEndObject();
        });
    }
}
