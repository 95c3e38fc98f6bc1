package dev.myprofile.activity.signins;

import dev.myprofile.shared.config.AwsClients;
import dev.myprofile.shared.config.Config;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminListUserAuthEventsResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthEventType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ChallengeName;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ChallengeResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ChallengeResponseType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.EventResponseType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.EventType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.FeedbackValueType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.RiskDecisionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolAddOnNotEnabledException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The caller's sign-ins as Cognito's threat protection keeps them: {@code AdminListUserAuthEvents}
 * (newest first, as Cognito lists them; only the {@code SignIn} events) and
 * {@code AdminUpdateAuthEventFeedback}, each for this pool alone and for the user the caller's own
 * token names (administrative operations: the function's role may call these two and nothing else).
 */
public final class CognitoSignIns {
    /** Cognito lists at most 60 events a call. */
    public static final int MAX_PAGE = 60;
    /** How far back a feedback looks for the event in the caller's own list (pages of {@link #MAX_PAGE}). */
    static final int MAX_SEARCH_PAGES = 10;

    private final CognitoIdentityProviderClient cognito;
    private final String poolId;

    public CognitoSignIns(CognitoIdentityProviderClient cognito, String poolId) {
        this.cognito = cognito;
        this.poolId = poolId;
    }

    /** The container's client: url-connection HTTP, region and credentials named, standard retries (the layer's AwsClients). */
    public static CognitoIdentityProviderClient client(Config config) {
        return AwsClients.build(CognitoIdentityProviderClient.builder(), config, "COGNITO_ENDPOINT", Duration.ofSeconds(8));
    }

    /** A page of sign-ins and the token of the next, if any. */
    public record Page(List<SignIn> signIns, Optional<String> next) {}

    /** Threat protection is off at the pool (whatever the deployment said). */
    public static final class NotKept extends RuntimeException {
        NotKept() {
            super("threat protection is off at the pool", null, false, false);
        }
    }

    /** A continuation token Cognito did not hand out for this user. */
    public static final class InvalidToken extends RuntimeException {
        InvalidToken() {
            super("invalid continuation token", null, false, false);
        }
    }

    public Page list(String username, int limit, Optional<String> after) {
        AdminListUserAuthEventsResponse response;
        try {
            response = cognito.adminListUserAuthEvents(r -> r.userPoolId(poolId).username(username).maxResults(limit)
                    .nextToken(after.orElse(null)));
        } catch (UserPoolAddOnNotEnabledException e) {
            throw new NotKept();
        } catch (UserNotFoundException e) {
            return new Page(List.of(), Optional.empty());
        } catch (InvalidParameterException e) {
            if (after.isPresent()) {
                throw new InvalidToken();
            }
            throw e;
        }
        List<SignIn> signIns = new ArrayList<>();
        for (AuthEventType event : response.authEvents()) {
            if (event.eventType() == EventType.SIGN_IN) {
                signIns.add(signIn(event));
            }
        }
        return new Page(signIns, Optional.ofNullable(response.nextToken()).filter(t -> !t.isBlank()));
    }

    /** The caller's own sign-in with this id, looked for in their recent list; empty when it is not theirs. */
    public Optional<SignIn> find(String username, String eventId) {
        Optional<String> after = Optional.empty();
        for (int page = 0; page < MAX_SEARCH_PAGES; page++) {
            Page found = list(username, MAX_PAGE, after);
            for (SignIn signIn : found.signIns()) {
                if (signIn.id().equals(eventId)) {
                    return Optional.of(signIn);
                }
            }
            if (found.next().isEmpty()) {
                return Optional.empty();
            }
            after = found.next();
        }
        return Optional.empty();
    }

    /** "This was me" ({@code valid}) or "this wasn't me"; the same answer twice changes nothing more. */
    public boolean feedback(String username, String eventId, boolean valid) {
        try {
            cognito.adminUpdateAuthEventFeedback(r -> r.userPoolId(poolId).username(username).eventId(eventId)
                    .feedbackValue(valid ? FeedbackValueType.VALID : FeedbackValueType.INVALID));
            return true;
        } catch (UserPoolAddOnNotEnabledException e) {
            throw new NotKept();
        } catch (ResourceNotFoundException | UserNotFoundException e) {
            return false;
        }
    }

    static SignIn signIn(AuthEventType event) {
        List<SignIn.Step> steps = new ArrayList<>();
        if (event.hasChallengeResponses()) {
            for (ChallengeResponseType challenge : event.challengeResponses()) {
                String step = challenge.challengeName() == ChallengeName.MFA ? "second-step" : "password";
                steps.add(new SignIn.Step(step, challenge.challengeResponse() == ChallengeResponse.SUCCESS));
            }
        }
        var risk = Optional.ofNullable(event.eventRisk());
        boolean blocked = risk.map(r -> r.riskDecision() == RiskDecisionType.BLOCK).orElse(false);
        SignIn.Result result = blocked ? SignIn.Result.BLOCKED
                : event.eventResponse() == EventResponseType.PASS ? SignIn.Result.SUCCESS
                : event.eventResponse() == EventResponseType.IN_PROGRESS ? SignIn.Result.INCOMPLETE
                : SignIn.Result.FAILED;
        var context = Optional.ofNullable(event.eventContextData());
        return new SignIn(
                event.eventId(),
                event.creationDate(),
                result,
                List.copyOf(steps),
                context.map(c -> c.city()).filter(s -> !s.isBlank()),
                context.map(c -> c.country()).filter(s -> !s.isBlank()),
                context.map(c -> c.ipAddress()).filter(s -> !s.isBlank()),
                context.map(c -> c.deviceName()).filter(s -> !s.isBlank()),
                risk.map(r -> r.riskLevelAsString()).filter(s -> s != null && !s.isBlank()).map(s -> s.toLowerCase(Locale.ROOT)),
                Optional.ofNullable(event.eventFeedback()).map(f -> f.feedbackValueAsString())
                        .filter(s -> s != null && !s.isBlank()).map(s -> s.toLowerCase(Locale.ROOT)));
    }
}
