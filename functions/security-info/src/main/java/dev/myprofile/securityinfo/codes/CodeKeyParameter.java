package dev.myprofile.securityinfo.codes;

import dev.myprofile.shared.config.AwsClients;
import dev.myprofile.shared.config.Config;
import dev.myprofile.shared.log.Log;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The key of our own verification codes, from an SSM Parameter Store SecureString named by
 * {@code VERIFICATION_CODE_KEY_PARAMETER} (never the key itself in the environment). It is read once per
 * container, when the function is built — before the SnapStart snapshot, so a restored copy has it
 * and its requests make no SSM call. A parameter that is missing or cannot be read then (the operator
 * has not created it yet, or SSM failed) leaves verification "not set up" (503), and a request asks
 * SSM again at most once a minute, so creating the parameter later takes effect without a new version.
 */
public final class CodeKeyParameter implements Supplier<Optional<OneTimeCodes>> {
    static final Duration RETRY_AFTER = Duration.ofMinutes(1);

    private final String name;
    private final Function<String, Optional<String>> read;
    private final Clock clock;
    private volatile Optional<OneTimeCodes> codes = Optional.empty();
    private volatile Instant nextRead = Instant.MIN;

    CodeKeyParameter(String name, Function<String, Optional<String>> read, Clock clock) {
        this.name = name;
        this.read = read;
        this.clock = clock;
        get();
    }

    /** The codes of the configured parameter's key; none when no parameter is configured. */
    public static Supplier<Optional<OneTimeCodes>> fromConfig(Config config, Clock clock) {
        Optional<String> name = config.get("VERIFICATION_CODE_KEY_PARAMETER").filter(n -> !n.isBlank());
        if (name.isEmpty()) {
            return Optional::empty;
        }
        SsmClient ssm = AwsClients.build(SsmClient.builder(), config, "SSM_ENDPOINT", Duration.ofSeconds(5));
        return new CodeKeyParameter(name.get(), parameter -> {
            try {
                return Optional.of(ssm.getParameter(r -> r.name(parameter).withDecryption(true)).parameter().value());
            } catch (ParameterNotFoundException e) {
                return Optional.empty();
            }
        }, clock);
    }

    @Override
    public Optional<OneTimeCodes> get() {
        Optional<OneTimeCodes> known = codes;
        if (known.isPresent()) {
            return known;
        }
        synchronized (this) {
            Instant now = clock.instant();
            if (codes.isPresent() || now.isBefore(nextRead)) {
                return codes;
            }
            nextRead = now.plus(RETRY_AFTER);
            try {
                Optional<String> key = read.apply(name);
                if (key.isEmpty()) {
                    Log.warn("code_key.missing", "parameter", name);
                }
                codes = key.map(OneTimeCodes::new);
            } catch (RuntimeException e) {
                // Never the parameter's value: only what failed.
                Log.error("code_key.failed", "parameter", name, "exception", e.getClass().getSimpleName());
            }
            return codes;
        }
    }
}
