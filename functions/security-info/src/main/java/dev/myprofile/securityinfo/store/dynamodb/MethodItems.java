package dev.myprofile.securityinfo.store.dynamodb;

import dev.myprofile.securityinfo.model.MethodType;
import dev.myprofile.securityinfo.store.MethodStore.StoredMethod;
import dev.myprofile.securityinfo.store.MethodStore.StoredPasskey;
import dev.myprofile.shared.dynamodb.ItemKinds;
import dev.myprofile.shared.dynamodb.Items;
import dev.myprofile.shared.dynamodb.Keys;
import dev.myprofile.shared.dynamodb.UserKey;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The one mapping of the security-info items in a user's partition, all under {@code METHOD#} so one
 * query reads them: a method that can be a second step under {@link ItemKinds#MFA_METHOD_PREFIX} (which
 * step-up asks about), the email under {@code METHOD#email}, the password's last change under
 * {@code METHOD#PASSWORD}.
 */
public final class MethodItems {
    static final String PREFIX = ItemKinds.SECURITY_METHODS.sortKey();
    static final String PASSWORD = ItemKinds.PASSWORD.sortKey();
    /**
     * Passkeys are not under {@link ItemKinds#MFA_METHOD_PREFIX}: Cognito never asks for one after a
     * password, so step-up's inference ("Cognito asked this user for a second step") must not count them.
     */
    static final String PASSKEY = ItemKinds.PASSKEY_PREFIX;
    static final String PASSKEY_TYPE = "passkey";

    private MethodItems() {}

    public static String sortKey(MethodType type) {
        return (type.secondStep() ? ItemKinds.MFA_METHOD_PREFIX : PREFIX) + type.id();
    }

    public static Map<String, AttributeValue> item(UserKey user, StoredMethod method) {
        Map<String, AttributeValue> item = new HashMap<>(Items.key(user, sortKey(method.type())));
        item.put("entity", Items.s(ItemKinds.SECURITY_METHODS.entity()));
        item.put("methodType", Items.s(method.type().id()));
        item.put("displayName", Items.s(method.name()));
        item.put("addedAt", Items.s(method.addedAt().toString()));
        return item;
    }

    public static String passkeySortKey(String id) {
        return PASSKEY + id;
    }

    public static Map<String, AttributeValue> passkeyItem(UserKey user, StoredPasskey passkey) {
        Map<String, AttributeValue> item = new HashMap<>(Items.key(user, passkeySortKey(passkey.id())));
        item.put("entity", Items.s(ItemKinds.SECURITY_METHODS.entity()));
        item.put("methodType", Items.s(PASSKEY_TYPE));
        item.put("passkeyId", Items.s(passkey.id()));
        passkey.name().ifPresent(name -> item.put("displayName", Items.s(name)));
        item.put("addedAt", Items.s(passkey.addedAt().toString()));
        passkey.withoutPassword().ifPresent(w -> item.put("signsInWithoutPassword", AttributeValue.fromBool(w)));
        return item;
    }

    static boolean isPasskey(Map<String, AttributeValue> item) {
        return item.get(Keys.SK).s().startsWith(PASSKEY);
    }

    static StoredPasskey passkey(Map<String, AttributeValue> item) {
        AttributeValue without = item.get("signsInWithoutPassword");
        return new StoredPasskey(item.get(Keys.SK).s().substring(PASSKEY.length()),
                Items.string(item, "displayName").filter(n -> !n.isBlank()),
                Items.instant(item, "addedAt").orElse(Instant.EPOCH),
                Optional.ofNullable(without).map(AttributeValue::bool));
    }

    public static Map<String, AttributeValue> passwordItem(UserKey user, Instant changedAt) {
        Map<String, AttributeValue> item = new HashMap<>(Items.key(user, PASSWORD));
        item.put("entity", Items.s(ItemKinds.PASSWORD.entity()));
        item.put("changedAt", Items.s(changedAt.toString()));
        return item;
    }

    static Optional<StoredMethod> method(Map<String, AttributeValue> item) {
        return Items.string(item, "methodType").flatMap(MethodType::byId)
                .map(type -> new StoredMethod(type, Items.string(item, "displayName").orElse(""),
                        Items.instant(item, "addedAt").orElse(Instant.EPOCH)));
    }

    static boolean isPassword(Map<String, AttributeValue> item) {
        return PASSWORD.equals(item.get(Keys.SK).s());
    }
}
