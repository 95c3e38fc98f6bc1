package dev.myprofile.shared.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The function's configuration: in Lambda the process environment, locally and in tests a map the
 * caller builds. Reading it through this type (not {@code System.getenv}) is what lets the local
 * runtime and the tests run many differently configured functions in one JVM.
 */
public final class Config {
    private final Map<String, String> values;

    public Config(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    public static Config fromEnvironment() {
        return new Config(System.getenv());
    }

    public Optional<String> get(String name) {
        String value = values.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    public String get(String name, String fallback) {
        return get(name).orElse(fallback);
    }

    public String require(String name) {
        return get(name).orElseThrow(() -> new ConfigException(name + " is not set"));
    }

    public List<String> list(String name, String fallback) {
        return Arrays.stream(get(name, fallback).split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    /** A whole number of at least {@code min}; a deployment mistake otherwise. */
    public long number(String name, long fallback, long min) {
        String raw = get(name, Long.toString(fallback));
        try {
            long value = Long.parseLong(raw);
            if (value < min) {
                throw new ConfigException(name + " must be at least " + min + ": " + raw);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new ConfigException(name + " must be a whole number: " + raw);
        }
    }

    public Duration seconds(String name, long fallback) {
        String raw = get(name, Long.toString(fallback));
        try {
            long seconds = Long.parseLong(raw);
            if (seconds < 0) {
                throw new ConfigException(name + " must not be negative: " + raw);
            }
            return Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            throw new ConfigException(name + " must be a whole number of seconds: " + raw);
        }
    }

    /** A deployment mistake, found at start-up rather than on a user's request. */
    public static final class ConfigException extends RuntimeException {
        public ConfigException(String message) {
            super(message);
        }
    }
}
