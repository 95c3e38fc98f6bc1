package dev.myprofile.sessions.entrypoints;

import dev.myprofile.sessions.closing.AccountClosing;
import dev.myprofile.sessions.signin.CognitoSignInService;
import dev.myprofile.sessions.signin.SignInService;
import dev.myprofile.shared.auth.Caller;
import dev.myprofile.shared.auth.DynamoSignOuts;
import dev.myprofile.shared.auth.DynamoMfaMethods;
import dev.myprofile.shared.auth.MfaMethods;
import dev.myprofile.shared.http.Api;
import dev.myprofile.shared.http.ApiFunction;
import dev.myprofile.shared.http.ApiRequest;
import dev.myprofile.shared.http.ApiResponse;
import dev.myprofile.shared.problem.FieldCode;
import dev.myprofile.shared.json.ObjectSchema;
import dev.myprofile.shared.log.Log;
import dev.myprofile.shared.problem.Problem;

import java.time.Instant;
import java.util.List;

/**
 * {@code POST /me/close} with {@code {"confirmation": "CLOSE"}} (typed by the person): closes the
 * account (step-up), in {@link AccountClosing}'s order. Finished within the request: 200. Stopped
 * part-way (time, or the sign-in service did not confirm): 202, and the resume schedule finishes it
 * within 15 minutes. {@code ACCOUNT_CLOSING=disabled}: 403 with the reason.
 */
public final class CloseAccountHandler extends ApiFunction {
    public static final String CONFIRMATION = "CLOSE";
    private static final ObjectSchema BODY = ObjectSchema.builder()
            .requiredString("confirmation", 16, CONFIRMATION::equals, FieldCode.NOT_CONFIRMATION, CONFIRMATION)
            .build();
    private static final long TIME_BUDGET_MS = 6_000;

    private final AccountClosing closing;
    private final boolean enabled;
    private final MfaMethods mfaMethods;

    public CloseAccountHandler() {
        this(Api.fromEnvironment());
    }

    public CloseAccountHandler(Api api) {
        this(api, CognitoSignInService.from(api.platform()), new DynamoMfaMethods(api.platform().dynamo(), api.platform().table()));
    }

    public CloseAccountHandler(Api api, SignInService signIn, MfaMethods mfaMethods) {
        this(api, new AccountClosing(api.platform().dynamo(), api.platform().table(),
                new DynamoSignOuts(api.platform().dynamo(), api.platform().table()), signIn), mfaMethods);
    }

    public CloseAccountHandler(Api api, AccountClosing closing, MfaMethods mfaMethods) {
        super(api);
        this.closing = closing;
        this.enabled = !"disabled".equalsIgnoreCase(api.platform().config().get("ACCOUNT_CLOSING", "enabled"));
        this.mfaMethods = mfaMethods;
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Caller caller) {
        if (!enabled) {
            throw Problem.of(403, "closing-disabled", "Closing accounts is turned off",
                    "Your organization does not let accounts be closed here. Ask its administrator to close your account.");
        }
        if (!request.hasBody()) {
            throw Problem.invalid(List.of(new Problem.FieldError("confirmation", FieldCode.NOT_CONFIRMATION, CONFIRMATION)));
        }
        BODY.parse(request.jsonBody());
        api.stepUp().require(caller, mfaMethods);
        Instant now = api.clock().instant();
        var pending = new AccountClosing.Pending(caller.userKey(),
                caller.username().or(() -> java.util.Optional.of(caller.subject())), now);
        closing.begin(pending.user(), pending.username(), now);
        long deadline = System.currentTimeMillis() + TIME_BUDGET_MS;
        boolean finished;
        try {
            finished = closing.resume(pending, now, () -> System.currentTimeMillis() < deadline);
        } catch (RuntimeException e) {
            // The intent is recorded: the resume schedule finishes what was started.
            Log.warn("account.closing_interrupted", "exception", e.getClass().getName());
            finished = false;
        }
        boolean done = finished;
        return ApiResponse.json(done ? 200 : 202, g -> {
            g.writeStartObject();
            g.writeStringField("status", done ? "closed" : "closing");
            g.writeStringField("next", "signed-out");
            g.writeEndObject();
        });
    }
}
