package dev.myprofile.shared.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.util.Base64URL;
import dev.myprofile.shared.auth.Caller;
import dev.myprofile.shared.auth.DynamoSignOuts;
import dev.myprofile.shared.auth.TokenSettings;
import dev.myprofile.shared.dynamodb.DynamoRehearsal;
import dev.myprofile.shared.dynamodb.UserKey;
import dev.myprofile.shared.json.Json;
import dev.myprofile.shared.json.ObjectSchema;
import dev.myprofile.shared.log.Log;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * SnapStart's runtime hooks for an API function, in one place for all of them. Before Lambda takes the
 * snapshot ({@link #beforeCheckpoint}) it does, once, the one-time work a first request would
 * otherwise pay for after every restore: it verifies a token signed by a throw-away key through the
 * validator's own code (Nimbus's JSON parser, JCA's RSA and EC set-up), writes and reads one JSON
 * document with the app's Jackson setup, makes one real DynamoDB request that changes nothing (a
 * GetItem of a key no item can have: the sign-out item of an empty subject, which no valid token
 * names — the SDK's marshalling, signing, endpoint rules, credentials and first connection), rehearses
 * the other operations the stores use on a client that answers in memory ({@link DynamoRehearsal}:
 * nothing leaves the process), fetches the signing keys, and runs each registered handler's pipeline
 * on a request without a token (401: the event and response types, problem+json, the log line). A step that fails is logged and skipped:
 * priming can make a start faster, never stop a function.
 *
 * <p>The keys fetched here keep their time to live (JWKS_CACHE_TTL_SECONDS, 5 minutes) from the
 * snapshot. A copy restored within it uses them; a copy restored later (the usual case: a snapshot
 * serves its version for days) refetches them on its first request, exactly as a container does when
 * its keys expire, over a new connection. If that refetch fails, the snapshot's keys still serve up to
 * a day after they were fetched; past that the request is answered 503 until the keys can be read.
 *
 * <p>{@link #afterRestore}: nothing that must differ between restored copies is in the snapshot. The
 * throw-away keys are dropped when priming ends; randomness comes from {@code SecureRandom}, which is
 * snapshot-resilient on Lambda's managed Java runtimes (AWS's SnapStart uniqueness guidance); no
 * request has run, so the per-user caches are empty; the key fetch leaves no connection open, and the
 * JDK never reuses the DynamoDB connection priming left idle: its keep-alive cache drops any connection
 * idle longer than its keep-alive time (5 s) by the wall clock, which jumps on restore. So the hook
 * re-reads the wall clock and logs how old the snapshot is, which says whether the keys will be
 * refetched.
 */
public final class Priming implements Resource {
    static final String SUBJECT = "snapstart-priming";
    private static final Duration TOKEN_LIFETIME = Duration.ofMinutes(5);

    private final Api api;
    private final List<ApiFunction> pipelines = new CopyOnWriteArrayList<>();
    private volatile Instant primedAt;
    private volatile boolean keysPrimed;

    Priming(Api api) {
        this.api = api;
    }

    /** The steps that ran and the ones that failed (each failure was logged), and how long it took. */
    public record Report(List<String> done, List<String> failed, Duration took) {}

    /** Registers these hooks with the runtime (the Lambda runtime's CRaC context; elsewhere a no-op). */
    void register() {
        try {
            Core.getGlobalContext().register(this);
        } catch (RuntimeException | LinkageError e) {
            Log.warn("priming.not_registered", "exception", e.getClass().getName(), "message", String.valueOf(e.getMessage()));
        }
    }

    /** A handler built on this container's pipeline: priming runs it once on a request without a token. */
    void pipeline(ApiFunction function) {
        pipelines.add(function);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        restored();
    }

    /** Every step, each on its own; never throws. */
    public Report prime() {
        long started = System.nanoTime();
        List<String> done = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        TokenSettings settings = api.tokens().settings();
        for (JWSAlgorithm algorithm : List.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256)) {
            if (settings.algorithms().contains(algorithm)) {
                step("token-" + algorithm.getName(), () -> token(settings, algorithm), done, failed);
            }
        }
        step("json", Priming::json, done, failed);
        step("dynamodb", () -> dynamodb(settings), done, failed);
        step("dynamodb-operations", () -> DynamoRehearsal.run(api.platform().table()), done, failed);
        step("jwks", () -> api.keys().prefetch(), done, failed);
        step("pipeline", this::pipelines, done, failed);
        keysPrimed = done.contains("jwks");
        primedAt = Instant.now();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        Log.info("priming.done", "done", String.join(",", done), "failed", String.join(",", failed), "ms", took.toMillis());
        return new Report(List.copyOf(done), List.copyOf(failed), took);
    }

    /** After a restore: the snapshot's age, read from the wall clock that the restore moved on. */
    public void restored() {
        try {
            Instant primed = primedAt;
            long ageSeconds = primed == null ? -1 : Duration.between(primed, Instant.now()).toSeconds();
            Log.info("priming.restored", "snapshotAgeSeconds", ageSeconds,
                    "keysRefetchedOnFirstRequest", !keysPrimed || ageSeconds > api.tokens().settings().jwksCacheTtl().toSeconds());
        } catch (RuntimeException e) {
            Log.warn("priming.restore_failed", "exception", e.getClass().getName());
        }
    }

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    private static void step(String name, Step step, List<String> done, List<String> failed) {
        try {
            step.run();
            done.add(name);
        } catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
            failed.add(name);
            Log.warn("priming.failed", "step", name, "exception", e.getClass().getName(), "message", String.valueOf(e.getMessage()));
        }
    }

    /** A token the validator accepts, signed by a key made for this alone and forgotten at once. */
    private void token(TokenSettings settings, JWSAlgorithm algorithm) throws Exception {
        JWK key;
        JWSSigner signer;
        if (algorithm.equals(JWSAlgorithm.RS256)) {
            RSAKey rsa = new RSAKeyGenerator(2048).keyID("priming").generate();
            key = rsa;
            signer = new RSASSASigner(rsa);
        } else {
            ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("priming").generate();
            key = ec;
            signer = new ECDSASigner(ec);
        }
        // Written with the app's Jackson, as the validator reads it: Nimbus only signs (its own token
        // writer would load its bundled Gson into the snapshot for nothing).
        long now = Instant.now().getEpochSecond();
        String claims = Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("iss", settings.issuer());
            g.writeStringField("sub", SUBJECT);
            g.writeNumberField("iat", now - 1);
            g.writeNumberField("exp", now + TOKEN_LIFETIME.toSeconds());
            if (settings.audience().isPresent()) {
                g.writeStringField("aud", settings.audience().get());
            } else {
                g.writeStringField("client_id", settings.cognitoClientId().orElseThrow());
                g.writeStringField("token_use", "access");
            }
            g.writeEndObject();
        });
        String header = Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("alg", algorithm.getName());
            g.writeStringField("kid", "priming");
            if (!settings.acceptMissingType()) {
                g.writeStringField("typ", settings.tokenTypes().iterator().next());
            }
            g.writeEndObject();
        });
        String signingInput = Base64URL.encode(header) + "." + Base64URL.encode(claims);
        String jwt = signingInput + "." + signer.sign(new JWSHeader.Builder(algorithm).build(),
                signingInput.getBytes(StandardCharsets.US_ASCII));
        Caller caller = api.tokens().withKeys(new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK())))
                .validate(Optional.of("Bearer " + jwt));
        if (!SUBJECT.equals(caller.subject())) {
            throw new IllegalStateException("the validator read another subject");
        }
    }

    /**
     * One document out with the app's generator and back in with its request-body parser, with a
     * timestamp in the stored items' ISO form read back as the stores read theirs.
     */
    private static void json() {
        String at = Instant.now().toString();
        String document = Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("displayName", "Priming");
            g.writeStringField("updatedAt", at);
            g.writeNumberField("version", 1);
            g.writeEndObject();
        });
        ObjectSchema.Values values = ObjectSchema.builder()
                .requiredString("displayName", 64)
                .requiredString("updatedAt", 64)
                .integer("version", 0, 10, false)
                .build()
                .parse(document.getBytes(StandardCharsets.UTF_8));
        if (!values.string("displayName").equals(Optional.of("Priming")) || !values.integer("version").equals(Optional.of(1L))
                || !Instant.parse(values.string("updatedAt").orElseThrow()).toString().equals(at)) {
            throw new IllegalStateException("the JSON read back differs: " + document);
        }
    }

    /**
     * The pipeline's own first request, the sign-out read, for a user that cannot exist: a validated
     * token's subject is never empty, so nothing is ever written under this key.
     */
    private void dynamodb(TokenSettings settings) {
        var found = new DynamoSignOuts(api.platform().dynamo(), api.platform().table()).notBefore(UserKey.of(settings.issuer(), ""));
        if (found.isPresent()) {
            throw new IllegalStateException("an item exists under a key no user can have");
        }
    }

    private void pipelines() {
        for (ApiFunction function : pipelines) {
            APIGatewayV2HTTPResponse response = function.handleRequest(unauthenticated(), null);
            if (response.getStatusCode() != 401) {
                throw new IllegalStateException(function.getClass().getSimpleName() + " answered " + response.getStatusCode()
                        + " to a request without a token");
            }
        }
    }

    private static APIGatewayV2HTTPEvent unauthenticated() {
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey("SNAPSTART priming")
                .withRawPath("/")
                .withHeaders(Map.of("user-agent", "snapstart-priming"))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRequestId("snapstart-priming")
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("GET").withPath("/").build())
                        .build())
                .withIsBase64Encoded(false)
                .build();
    }
}
