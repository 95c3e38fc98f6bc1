package dev.myprofile.securityinfo.entrypoints;

import dev.myprofile.securityinfo.Texts;
import dev.myprofile.securityinfo.codes.OneTimeCodes;
import dev.myprofile.securityinfo.model.MethodType;
import dev.myprofile.securityinfo.notify.EmailMessages;
import dev.myprofile.securityinfo.notify.Notice;
import dev.myprofile.securityinfo.notify.TextMessages;
import dev.myprofile.securityinfo.signin.SignInMethods;
import dev.myprofile.securityinfo.store.ChallengeStore.Challenge;
import dev.myprofile.securityinfo.store.MethodStore;
import dev.myprofile.shared.activity.ActivityEntry;
import dev.myprofile.shared.activity.ActivityEntry.Origin;
import dev.myprofile.shared.activity.ActivityEntry.Subject;
import dev.myprofile.shared.auth.Caller;
import dev.myprofile.shared.dynamodb.UserKey;
import dev.myprofile.shared.http.Api;
import dev.myprofile.shared.http.ApiRequest;
import dev.myprofile.shared.http.ApiResponse;
import dev.myprofile.shared.text.Language;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The one way security info makes a change, whatever the method: step-up, then (with an
 * {@code Idempotency-Key}) the run kept once, then the sign-in service, then our item and the activity
 * entry in one transaction, then the notice to the address on file. A route plugs its own part in as a
 * {@link Strategy} (the way Ory Kratos's settings strategies plug into one settings flow) and says,
 * with its {@link Route}, which of the flow's checks it needs; its handler parses the request and makes
 * one call to {@link #run}. The checks come in one order on every route: the {@code Idempotency-Key}
 * header, passkeys offered, step-up, the sign-in service, the codes' key.
 *
 * <p>This is also the one wiring object of the page's functions, built once per container, when the
 * function is built (before the SnapStart snapshot, so a restored copy's first request builds no
 * client): what every security-info function stands on ({@link SecurityInfoWiring}), the kept answers,
 * and, for the four functions that send or check our own codes ({@link #withCodes}), the code
 * challenges, texts and emails; the other functions never build those.
 */
public final class SecurityChange {
    private final Api api;
    private final SecurityInfoWiring page;
    private final Optional<CodeVerificationWiring> codes;
    private final Idempotency idempotency;

    private SecurityChange(Api api, SecurityInfoWiring page, Optional<CodeVerificationWiring> codes) {
        this.api = api;
        this.page = page;
        this.codes = codes;
        this.idempotency = Idempotency.of(api);
    }

    /** The wiring from {@code api}'s environment, for a function whose routes need no codes of ours. */
    public static SecurityChange of(Api api) {
        return new SecurityChange(api, SecurityInfoWiring.of(api), Optional.empty());
    }

    /** The wiring from {@code api}'s environment with the code challenges, the codes' key, texts and emails. */
    public static SecurityChange withCodes(Api api) {
        return of(api).with(CodeVerificationWiring.of(api));
    }

    /** The same wiring with these code challenges, texts and emails (a test's own). */
    public SecurityChange with(CodeVerificationWiring verification) {
        return new SecurityChange(api, page, Optional.of(verification));
    }

    public Api api() {
        return api;
    }

    SecurityInfoWiring page() {
        return page;
    }

    CodeVerificationWiring codes() {
        return codes.orElseThrow(() -> new IllegalStateException(
                "a code route's function is built with SecurityChange.withCodes, so its clients exist before the snapshot"));
    }

    /** Which of the flow's checks a route needs. */
    public record Route(boolean idempotent, boolean passkeys, boolean signIn, boolean codes) {
        /** A change at the sign-in service: step-up, and 409 with another OpenID provider. */
        public static final Route CHANGE = new Route(false, false, true, false);
        /** A change of our own items alone (a method's name): step-up; the sign-in service only for the notice's address. */
        public static final Route OURS = new Route(false, false, false, false);

        /** Also runs once per {@code Idempotency-Key}. */
        public Route once() {
            return new Route(true, passkeys, signIn, codes);
        }

        /** Also needs passkeys offered on the page (409 {@code passkeys-not-offered}, before step-up). */
        public Route passkey() {
            return new Route(idempotent, true, signIn, codes);
        }

        /** Also needs our codes' key (503 {@code not-configured} without one). */
        public Route code() {
            return new Route(idempotent, passkeys, signIn, true);
        }
    }

    /** One route's part of a change. */
    @FunctionalInterface
    public interface Strategy {
        /** What may refuse before the run kept under the {@code Idempotency-Key}; nothing by default. */
        default void check(Step step) {}

        /** The change at the sign-in service, and what the flow is to record, tell and answer. */
        Change apply(Step step);
    }

    /** The flow for {@code request} of {@code caller}: {@code strategy} plugged into the route's checks. */
    public ApiResponse run(ApiRequest request, Caller caller, Route route, Strategy strategy) {
        Optional<String> key = route.idempotent() ? Idempotency.key(request) : Optional.empty();
        if (route.passkeys()) {
            Requests.passkeys(page);
        }
        api.stepUp().require(caller, page.mfaMethods());
        if (route.signIn()) {
            Requests.cognito(page);
        }
        Optional<OneTimeCodes> oneTimeCodes = route.codes() ? Optional.of(codes().requireCodes()) : Optional.empty();
        Step step = new Step(this, request, caller, oneTimeCodes);
        strategy.check(step);
        Supplier<ApiResponse> work = () -> finish(step, strategy.apply(step.at(api.clock().instant())));
        return route.idempotent() ? idempotency.once(request, caller.userKey(), key, work) : work.get();
    }

    /** Our item and the activity entry (one transaction), then the notice; the answer. */
    private ApiResponse finish(Step step, Change change) {
        if (change.operation().isPresent()) {
            ActivityEntry entry = new ActivityEntry(step.now(), change.operation().get(), change.subject(),
                    Origin.user(step.request().sourceIp(), step.request().userAgent()));
            if (change.write().test(entry) && change.notice().isPresent()) {
                Notice notice = change.notice().get();
                Notice.About about = change.kind()
                        .map(kind -> Notice.About.method(kind, change.name(), step.now(), step.language()))
                        .orElseGet(() -> Notice.About.account(step.now(), step.language()));
                step.address().ifPresent(address -> page.notifier().send(address, notice, about));
            }
        }
        return change.answer();
    }

    /**
     * What a change records and tells: the activity entry's operation and subject, the write of our
     * item with that entry (false when there is nothing to tell), the notice and what it names.
     */
    public record Change(Optional<String> operation, Subject subject, Predicate<ActivityEntry> write,
                         Optional<Notice> notice, Optional<Notice.Kind> kind, Optional<String> name, ApiResponse answer) {

        /** Nothing to record or tell: only the answer. */
        public static Change answer(ApiResponse answer) {
            return new Change(Optional.empty(), null, entry -> false, Optional.empty(), Optional.empty(), Optional.empty(), answer);
        }

        /** Our item written by {@code write} with the entry {@code operation} about {@code subject}. */
        public static Change recorded(String operation, Subject subject, Predicate<ActivityEntry> write) {
            return new Change(Optional.of(operation), subject, write, Optional.empty(), Optional.empty(), Optional.empty(), null);
        }

        /** Our item written by {@code write} with the entry, always told. */
        public static Change written(String operation, Subject subject, Consumer<ActivityEntry> write) {
            return recorded(operation, subject, entry -> {
                write.accept(entry);
                return true;
            });
        }

        /** Then {@code notice} about the account as a whole. */
        public Change telling(Notice notice) {
            return new Change(operation, subject, write, Optional.of(notice), Optional.empty(), Optional.empty(), answer);
        }

        /** Then {@code notice} about a method of {@code kind}, named {@code name} when it has one. */
        public Change telling(Notice notice, Notice.Kind kind, Optional<String> name) {
            return new Change(operation, subject, write, Optional.of(notice), Optional.of(kind), name, answer);
        }

        /** And answers {@code response}. */
        public Change answering(ApiResponse response) {
            return new Change(operation, subject, write, notice, kind, name, response);
        }
    }

    /** What a strategy works with: the request, the caller, the sign-in service and our store, read once. */
    public static final class Step {
        private final SecurityChange flow;
        private final ApiRequest request;
        private final Caller caller;
        private final Optional<OneTimeCodes> codes;
        private final Language language;
        private Instant now;
        private SignInMethods.Account account;

        private Step(SecurityChange flow, ApiRequest request, Caller caller, Optional<OneTimeCodes> codes) {
            this.flow = flow;
            this.request = request;
            this.caller = caller;
            this.codes = codes;
            // No read of the profile for its language: Accept-Language, which the web app sets to the page's.
            this.language = Language.choose(Optional.empty(), request.header("accept-language"));
        }

        private Step at(Instant instant) {
            this.now = instant;
            return this;
        }

        public ApiRequest request() { return request; }

        public Caller caller() { return caller; }

        public UserKey user() { return caller.userKey(); }

        public String token() { return request.bearerToken(); }

        /** When the change is made: one time for its item, its entry and its notice. */
        public Instant now() { return now; }

        public Language language() { return language; }

        public MethodStore store() { return flow.page.store(); }

        public SecurityInfoWiring page() { return flow.page; }

        /** A new code for {@code kind} to {@code destination}, handed to {@code deliver} within the limits: the 202 answer. */
        ApiResponse sendCode(MethodType kind, String destination, String masked, Consumer<String> deliver) {
            return flow.codes().send(codes.orElseThrow(), user(), kind, destination, masked, now, deliver);
        }

        /** The pending challenge of {@code kind} whose code this is, now used up (else 400 on {@code code}). */
        Challenge acceptCode(MethodType kind, String code) {
            return flow.codes().accept(codes.orElseThrow(), user(), kind, code, now);
        }

        /** Text messages (SNS). */
        TextMessages texts() {
            return flow.codes().texts();
        }

        /** Our own emails (SES); 503 {@code not-configured} without a sender. */
        EmailMessages emails() {
            return flow.codes().requireEmails();
        }

        /** The text {@code key} of the module's catalog in the person's language. */
        public String text(String key, String... slots) {
            return Texts.CATALOG.text(language, key, slots);
        }

        /** The sign-in service (the route's checks have made sure there is one). */
        public SignInMethods signIn() { return Requests.cognito(flow.page); }

        /** The caller's account at the sign-in service, read with their own token once per request. */
        public SignInMethods.Account account() {
            if (account == null) {
                account = signIn().account(token());
            }
            return account;
        }

        /** The address on file for notices; none with another OpenID provider. */
        public Optional<String> address() {
            return flow.page.signIn().isEmpty() ? Optional.empty() : account().notificationAddress();
        }
    }
}
