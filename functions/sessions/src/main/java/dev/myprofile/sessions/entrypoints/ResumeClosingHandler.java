package dev.myprofile.sessions.entrypoints;

import com.amazonaws.services.lambda.runtime.Context;
import dev.myprofile.sessions.closing.AccountClosing;
import dev.myprofile.sessions.signin.CognitoSignInService;
import dev.myprofile.shared.auth.DynamoSignOuts;
import dev.myprofile.shared.events.EventFunction;
import dev.myprofile.shared.log.Log;
import dev.myprofile.shared.platform.Platform;

import java.time.Clock;
import java.util.Map;

/**
 * Every 15 minutes: finishes the account closings an earlier request could not (out of time, the
 * sign-in service did not answer, the function stopped). Each step is safe to repeat; it stops while
 * 15 s of the invocation remain.
 */
public final class ResumeClosingHandler extends EventFunction {
    private static final long MARGIN_MS = 15_000;

    private final AccountClosing closing;
    private final Clock clock;

    public ResumeClosingHandler() {
        this(Platform.fromEnvironment());
    }

    public ResumeClosingHandler(Platform platform) {
        this(new AccountClosing(platform.dynamo(), platform.table(), new DynamoSignOuts(platform.dynamo(), platform.table()),
                CognitoSignInService.from(platform)), platform.clock());
    }

    public ResumeClosingHandler(AccountClosing closing, Clock clock) {
        this.closing = closing;
        this.clock = clock;
    }

    @Override
    protected Map<String, Object> handle(Map<String, Object> event, Context context) {
        int finished = 0;
        int left = 0;
        for (AccountClosing.Pending pending : closing.pending(100)) {
            try {
                if (closing.resume(pending, clock.instant(), () -> context.getRemainingTimeInMillis() > MARGIN_MS)) {
                    finished++;
                } else {
                    left++;
                }
            } catch (RuntimeException e) {
                Log.warn("account.closing_resume_failed", "exception", e.getClass().getName());
                left++;
            }
        }
        Log.info("account.closing_resumed", "finished", finished, "left", left);
        return Map.of("finished", finished, "left", left);
    }
}
