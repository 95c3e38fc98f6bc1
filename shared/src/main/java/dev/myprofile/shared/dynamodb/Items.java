package dev.myprofile.shared.dynamodb;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Reading and writing attribute values without the enhanced client's reflection. */
public final class Items {
    private Items() {}

    public static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    public static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    public static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(Keys.PK, s(pk), Keys.SK, s(sk));
    }

    public static Map<String, AttributeValue> key(UserKey user, String sk) {
        return key(user.partition(), sk);
    }

    /** Whether a GetItem (or a condition failure's old item) found nothing. */
    public static boolean absent(Map<String, AttributeValue> item) {
        return item == null || item.isEmpty();
    }

    public static Optional<String> string(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.s() == null ? Optional.empty() : Optional.of(value.s());
    }

    public static Optional<Long> number(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? Optional.empty() : Optional.of(Long.parseLong(value.n()));
    }

    public static Optional<Instant> instant(Map<String, AttributeValue> item, String name) {
        return string(item, name).map(Instant::parse);
    }

    public static boolean bool(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value != null && Boolean.TRUE.equals(value.bool());
    }

    /** Puts the value when present; absent values are simply not stored. */
    public static void put(Map<String, AttributeValue> item, String name, Optional<String> value) {
        value.ifPresent(v -> item.put(name, s(v)));
    }
}
