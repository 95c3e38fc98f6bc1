package dev.myprofile.activity.entrypoints;

import dev.myprofile.activity.signins.CognitoSignIns;
import dev.myprofile.activity.signins.SignIn;
import dev.myprofile.shared.activity.ActivityEntry;
import dev.myprofile.shared.activity.ActivityEntry.Origin;
import dev.myprofile.shared.activity.ActivityEntry.Subject;
import dev.myprofile.shared.activity.ActivityLog;
import dev.myprofile.shared.auth.Caller;
import dev.myprofile.shared.auth.DynamoMfaMethods;
import dev.myprofile.shared.auth.MfaMethods;
import dev.myprofile.shared.http.Api;
import dev.myprofile.shared.http.ApiFunction;
import dev.myprofile.shared.http.ApiRequest;
import dev.myprofile.shared.http.ApiResponse;
import dev.myprofile.shared.problem.FieldCode;
import dev.myprofile.shared.json.ObjectSchema;
import dev.myprofile.shared.problem.Problem;

import java.time.Instant;
import java.util.Set;

/**
 * {@code POST /me/sign-ins/{eventId}/feedback} with {@code {"feedback": "valid" | "invalid"}}: the
 * caller says of one of their own sign-ins "this was me" or "this wasn't me" (step-up). In this
 * order, each step safe to repeat:
 * <ol>
 *   <li>the event must be in the caller's own recent list (another person's id, or an unknown one:
 *       404, nothing sent);</li>
 *   <li>Cognito {@code AdminUpdateAuthEventFeedback} (setting the same value again changes nothing);</li>
 *   <li>for "this wasn't me", the activity entry {@code sign-in.reported} (if its write fails the
 *       answer is 503 and the whole request may be repeated).</li>
 * </ol>
 * Then the page offers changing the password and signing out everywhere.
 */
public final class SignInFeedbackHandler extends ApiFunction {
    public static final String REPORTED = "sign-in.reported";
    static final String SUBJECT = "sign-in";
    private static final Set<String> VALUES = Set.of("valid", "invalid");
    private static final ObjectSchema BODY = ObjectSchema.builder()
            .requiredString("feedback", 16, VALUES::contains, FieldCode.ONE_OF, "valid, invalid")
            .build();

    private final SignInsWiring wiring;
    private final ActivityLog activity;
    private final MfaMethods mfaMethods;

    public SignInFeedbackHandler() {
        this(Api.fromEnvironment());
    }

    public SignInFeedbackHandler(Api api) {
        super(api);
        this.wiring = SignInsWiring.of(api);
        this.activity = new ActivityLog(api.platform().dynamo(), api.platform().table());
        this.mfaMethods = new DynamoMfaMethods(api.platform().dynamo(), api.platform().table());
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Caller caller) {
        String eventId = request.pathParameter("eventId").filter(id -> id.matches("[\\w+-]{1,50}")).orElseThrow(SignInFeedbackHandler::notFound);
        boolean valid = "valid".equals(BODY.parse(request.jsonBody()).string("feedback").orElseThrow());
        api.stepUp().require(caller, mfaMethods);
        CognitoSignIns signIns = wiring.signIns().orElseThrow(SignInFeedbackHandler::notKept);
        String username = SignInsWiring.username(caller);
        SignIn signIn;
        try {
            signIn = signIns.find(username, eventId).orElseThrow(SignInFeedbackHandler::notFound);
            if (!signIns.feedback(username, eventId, valid)) {
                throw notFound();
            }
        } catch (CognitoSignIns.NotKept e) {
            throw notKept();
        }
        if (!valid) {
            Instant now = api.clock().instant();
            api.platform().dynamo().transactWriteItems(r -> r.transactItems(activity.write(caller.userKey(), new ActivityEntry(now,
                    REPORTED, Subject.of(SUBJECT, eventId, signIn.deviceName().orElse(null)),
                    Origin.user(request.sourceIp(), request.userAgent())))));
        }
        return ApiResponse.json(200, g -> {
            g.writeStartObject();
            g.writeStringField("id", eventId);
            g.writeStringField("feedback", valid ? "valid" : "invalid");
            g.writeEndObject();
        });
    }

    private static Problem notFound() {
        return Problem.notFound("There is no such sign-in among yours.");
    }

    private static Problem notKept() {
        return Problem.of(409, "threat-protection-off", "Sign-ins are not kept",
                "The sign-in service keeps no sign-ins for this account (threat protection is off), so there is nothing to answer.");
    }
}
