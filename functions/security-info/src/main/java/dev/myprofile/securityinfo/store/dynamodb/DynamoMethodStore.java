package dev.myprofile.securityinfo.store.dynamodb;

import dev.myprofile.securityinfo.model.MethodType;
import dev.myprofile.securityinfo.store.MethodStore;
import dev.myprofile.shared.activity.ActivityEntry;
import dev.myprofile.shared.activity.ActivityLog;
import dev.myprofile.shared.dynamodb.ItemKinds;
import dev.myprofile.shared.dynamodb.Items;
import dev.myprofile.shared.dynamodb.Transactions;
import dev.myprofile.shared.dynamodb.UserKey;
import dev.myprofile.shared.platform.Platform;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.myprofile.shared.dynamodb.Items.s;

/** The security-info items in DynamoDB; each change and its activity entry are one transaction. */
public final class DynamoMethodStore implements MethodStore {
    private final DynamoDbClient dynamo;
    private final String table;
    private final ActivityLog activity;

    public DynamoMethodStore(Platform platform) {
        this.dynamo = platform.dynamo();
        this.table = platform.table();
        this.activity = new ActivityLog(dynamo, table);
    }

    @Override
    public Stored read(UserKey user) {
        // A user has at most one method of each kind, one password item and Cognito's 20 passkeys: one page holds them all.
        QueryResponse response = dynamo.query(r -> r.tableName(table)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :method)")
                .expressionAttributeValues(Map.of(":pk", s(user.partition()), ":method", s(MethodItems.PREFIX)))
                .consistentRead(true));
        Map<MethodType, StoredMethod> methods = new EnumMap<>(MethodType.class);
        Optional<Instant> passwordChangedAt = Optional.empty();
        Map<String, StoredPasskey> passkeys = new HashMap<>();
        for (Map<String, AttributeValue> item : response.items()) {
            if (MethodItems.isPasskey(item)) {
                StoredPasskey passkey = MethodItems.passkey(item);
                passkeys.put(passkey.id(), passkey);
            } else if (MethodItems.isPassword(item)) {
                passwordChangedAt = Items.instant(item, "changedAt");
            } else {
                MethodItems.method(item).ifPresent(m -> methods.put(m.type(), m));
            }
        }
        return new Stored(methods, passwordChangedAt, passkeys);
    }

    @Override
    public void added(UserKey user, StoredMethod method, ActivityEntry entry) {
        dynamo.transactWriteItems(r -> r.transactItems(
                TransactWriteItem.builder().put(p -> p.tableName(table).item(MethodItems.item(user, method))).build(),
                activity.write(user, entry)));
    }

    @Override
    public boolean addedOnce(UserKey user, StoredMethod method, Optional<Instant> seen, ActivityEntry entry) {
        TransactWriteItem put = TransactWriteItem.builder().put(p -> p.tableName(table).item(MethodItems.item(user, method))
                .conditionExpression(seen.isPresent() ? "addedAt = :seen" : "attribute_not_exists(pk)")
                .expressionAttributeValues(seen.map(at -> Map.of(":seen", s(at.toString()))).orElse(null))).build();
        try {
            dynamo.transactWriteItems(r -> r.transactItems(put, activity.write(user, entry)));
            return true;
        } catch (TransactionCanceledException e) {
            if (Transactions.conditionFailed(e, 0)) {
                return false;
            }
            throw e;
        }
    }

    /** The profile module's item ({@code DynamoProfileStore}), whose {@code email} the Overview shows and notices use. */
    private static final String PROFILE = ItemKinds.PROFILE.sortKey();

    @Override
    public void emailChanged(UserKey user, StoredMethod method, ActivityEntry entry, String email, Instant now) {
        TransactWriteItem methodItem = TransactWriteItem.builder().put(p -> p.tableName(table).item(MethodItems.item(user, method))).build();
        // Only a profile that exists: an update would otherwise make a profile of nothing but an address.
        TransactWriteItem profile = TransactWriteItem.builder().update(u -> u.tableName(table)
                .key(Items.key(user, PROFILE))
                .updateExpression("SET email = :email, version = version + :one, updatedAt = :now")
                .conditionExpression("attribute_exists(pk)")
                .expressionAttributeValues(Map.of(":email", s(email), ":one", Items.n(1), ":now", s(now.toString())))).build();
        try {
            dynamo.transactWriteItems(r -> r.transactItems(methodItem, activity.write(user, entry), profile));
        } catch (TransactionCanceledException e) {
            if (!Transactions.conditionFailed(e, 2)) {
                throw e;
            }
            // No profile yet: the first visit makes it, from the sign-in service's current address.
            dynamo.transactWriteItems(r -> r.transactItems(methodItem, activity.write(user, entry)));
        }
    }

    @Override
    public boolean renamed(UserKey user, MethodType type, String name, Optional<String> expected, ActivityEntry entry) {
        Map<String, AttributeValue> key = Items.key(user, MethodItems.sortKey(type));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":name", s(name)));
        expected.ifPresent(seen -> values.put(":seen", s(seen)));
        try {
            dynamo.transactWriteItems(r -> r.transactItems(
                    TransactWriteItem.builder().update(u -> u.tableName(table).key(key)
                            .updateExpression("SET displayName = :name")
                            .conditionExpression(expected.isPresent() ? "attribute_exists(pk) AND displayName = :seen" : "attribute_exists(pk)")
                            .expressionAttributeValues(values)).build(),
                    activity.write(user, entry)));
            return true;
        } catch (TransactionCanceledException e) {
            if (!Transactions.conditionFailed(e, 0)) {
                throw e;
            }
        }
        // Gone, or renamed since the person saw it: which one decides the answer.
        Map<String, AttributeValue> now = current(key);
        if (Items.absent(now)) {
            return false;
        }
        throw changedMeanwhile(now);
    }

    /** The item as it is now, after a rename's condition failed. */
    private Map<String, AttributeValue> current(Map<String, AttributeValue> key) {
        return dynamo.getItem(r -> r.tableName(table).key(key).consistentRead(true)).item();
    }

    private static ChangedMeanwhile changedMeanwhile(Map<String, AttributeValue> now) {
        return new ChangedMeanwhile(Items.string(now, "displayName").orElse(""));
    }

    @Override
    public void removed(UserKey user, MethodType type, ActivityEntry entry) {
        dynamo.transactWriteItems(r -> r.transactItems(
                TransactWriteItem.builder().delete(d -> d.tableName(table).key(Items.key(user, MethodItems.sortKey(type)))).build(),
                activity.write(user, entry)));
    }

    @Override
    public boolean addedPasskey(UserKey user, StoredPasskey passkey, ActivityEntry entry) {
        try {
            dynamo.transactWriteItems(r -> r.transactItems(
                    TransactWriteItem.builder().put(p -> p.tableName(table).item(MethodItems.passkeyItem(user, passkey))
                            .conditionExpression("attribute_not_exists(pk)")).build(),
                    activity.write(user, entry)));
            return true;
        } catch (TransactionCanceledException e) {
            if (!Transactions.conditionFailed(e, 0)) {
                throw e;
            }
        }
        // A read recorded it first as added elsewhere (item and entry): what only this request knows goes on that item.
        Map<String, AttributeValue> values = new HashMap<>();
        List<String> sets = new ArrayList<>();
        passkey.name().ifPresent(name -> {
            sets.add("displayName = :name");
            values.put(":name", s(name));
        });
        passkey.withoutPassword().ifPresent(without -> {
            sets.add("signsInWithoutPassword = :without");
            values.put(":without", AttributeValue.fromBool(without));
        });
        if (!sets.isEmpty()) {
            try {
                dynamo.updateItem(u -> u.tableName(table).key(Items.key(user, MethodItems.passkeySortKey(passkey.id())))
                        .updateExpression("SET " + String.join(", ", sets)).conditionExpression("attribute_exists(pk)")
                        .expressionAttributeValues(values));
            } catch (ConditionalCheckFailedException removedMeanwhile) {
                // Removed since (its removal has its own entry): nothing to name.
            }
        }
        return false;
    }

    @Override
    public boolean addedPasskeyElsewhere(UserKey user, StoredPasskey passkey, Optional<ActivityEntry> entry) {
        Put put = Put.builder().tableName(table).item(MethodItems.passkeyItem(user, passkey))
                .conditionExpression("attribute_not_exists(pk)").build();
        try {
            if (entry.isEmpty()) {
                dynamo.putItem(r -> r.tableName(put.tableName()).item(put.item()).conditionExpression(put.conditionExpression()));
            } else {
                dynamo.transactWriteItems(r -> r.transactItems(TransactWriteItem.builder().put(put).build(),
                        activity.write(user, entry.get())));
            }
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        } catch (TransactionCanceledException e) {
            if (Transactions.conditionFailed(e, 0)) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public void renamedPasskey(UserKey user, String id, String name, Optional<String> expected, Instant addedAt, ActivityEntry entry) {
        Map<String, AttributeValue> key = Items.key(user, MethodItems.passkeySortKey(id));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":name", s(name), ":entity", s(ItemKinds.SECURITY_METHODS.entity()),
                ":type", s(MethodItems.PASSKEY_TYPE), ":id", s(id), ":addedAt", s(addedAt.toString())));
        expected.ifPresent(seen -> values.put(":seen", s(seen)));
        try {
            // The sign-in service has confirmed the key is the user's; one added elsewhere gets its item now.
            // The name seen may be the authenticator's (no name of ours yet) or ours, as it still is.
            dynamo.transactWriteItems(r -> r.transactItems(
                    TransactWriteItem.builder().update(u -> u.tableName(table).key(key)
                            .updateExpression("SET displayName = :name, entity = if_not_exists(entity, :entity), "
                                    + "methodType = if_not_exists(methodType, :type), passkeyId = if_not_exists(passkeyId, :id), "
                                    + "addedAt = if_not_exists(addedAt, :addedAt)")
                            .conditionExpression(expected.isPresent() ? "attribute_not_exists(displayName) OR displayName = :seen" : null)
                            .expressionAttributeValues(values)).build(),
                    activity.write(user, entry)));
        } catch (TransactionCanceledException e) {
            if (!Transactions.conditionFailed(e, 0)) {
                throw e;
            }
            throw changedMeanwhile(current(key));
        }
    }

    @Override
    public void removedPasskey(UserKey user, String id, ActivityEntry entry) {
        dynamo.transactWriteItems(r -> r.transactItems(
                TransactWriteItem.builder().delete(d -> d.tableName(table).key(Items.key(user, MethodItems.passkeySortKey(id)))).build(),
                activity.write(user, entry)));
    }

    @Override
    public void passwordChanged(UserKey user, Instant at, ActivityEntry entry) {
        dynamo.transactWriteItems(r -> r.transactItems(
                TransactWriteItem.builder().put(p -> p.tableName(table).item(MethodItems.passwordItem(user, at))).build(),
                activity.write(user, entry)));
    }

    @Override
    public void recorded(UserKey user, ActivityEntry entry) {
        dynamo.transactWriteItems(r -> r.transactItems(activity.write(user, entry)));
    }
}
