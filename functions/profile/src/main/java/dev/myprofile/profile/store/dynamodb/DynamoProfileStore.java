package dev.myprofile.profile.store.dynamodb;

import dev.myprofile.organizations.model.Organization;
import dev.myprofile.organizations.store.dynamodb.DirectoryItems;
import dev.myprofile.profile.model.Profile;
import dev.myprofile.profile.model.ProfileChanges;
import dev.myprofile.profile.store.ProfileStore;
import dev.myprofile.shared.auth.DynamoSignOuts;
import dev.myprofile.shared.activity.ActivityEntry.Origin;
import dev.myprofile.shared.activity.ActivityEntry.Subject;
import dev.myprofile.shared.activity.ActivityEntry;
import dev.myprofile.shared.activity.ActivityLog;
import dev.myprofile.shared.dynamodb.ItemKinds;
import dev.myprofile.shared.dynamodb.Items;
import dev.myprofile.shared.dynamodb.Keys;
import dev.myprofile.shared.dynamodb.Transactions;
import dev.myprofile.shared.dynamodb.UserKey;
import dev.myprofile.shared.platform.Platform;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.myprofile.shared.dynamodb.Items.s;

/**
 * Profiles on DynamoDB: the one mapping of the profile item ({@code PROFILE} in the user's
 * partition). The home organization's directory entry ({@code ORG#<id>}, written by an administrator)
 * is read beside it in one request, through the organizations module's mapping, its one owner.
 */
public final class DynamoProfileStore implements ProfileStore {
    static final String PROFILE = ItemKinds.PROFILE.sortKey();
    /** The activity entry of an edit through PATCH /me (which fields changed is not recorded, only that it was edited). */
    static final String EDITED = "profile.edited";
    private static final int BATCH_ATTEMPTS = 6;

    private final DynamoDbClient dynamo;
    private final String table;
    private final ActivityLog activity;

    /** On the container's client and table. */
    public DynamoProfileStore(Platform platform) {
        this(platform.dynamo(), platform.table());
    }

    public DynamoProfileStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
        this.activity = new ActivityLog(dynamo, table);
    }

    @Override
    public Snapshot load(UserKey user, Optional<String> organizationId) {
        Map<String, AttributeValue> profileKey = Items.key(user, PROFILE);
        if (organizationId.isEmpty()) {
            var item = dynamo.getItem(r -> r.tableName(table).key(profileKey).consistentRead(true)).item();
            return new Snapshot(profile(item), Optional.empty());
        }
        Map<String, AttributeValue> organizationKey = directoryKey(organizationId.get());
        List<Map<String, AttributeValue>> pending = List.of(profileKey, organizationKey);
        List<Map<String, AttributeValue>> found = new ArrayList<>();
        // Unprocessed keys are rare (throttling); ask again for those alone until all are answered.
        for (int attempt = 0; !pending.isEmpty(); attempt++) {
            List<Map<String, AttributeValue>> keys = pending;
            BatchGetItemResponse response = dynamo.batchGetItem(r -> r.requestItems(
                    Map.of(table, KeysAndAttributes.builder().keys(keys).consistentRead(true).build())));
            found.addAll(response.responses().getOrDefault(table, List.of()));
            KeysAndAttributes unprocessed = response.unprocessedKeys().get(table);
            pending = unprocessed == null ? List.of() : unprocessed.keys();
            if (!pending.isEmpty()) {
                Transactions.backOff(attempt, BATCH_ATTEMPTS,
                        SdkClientException.create("BatchGetItem left keys unprocessed after retries"));
            }
        }
        Optional<Profile> profile = Optional.empty();
        Optional<Organization> organization = Optional.empty();
        for (Map<String, AttributeValue> item : found) {
            if (PROFILE.equals(Items.string(item, Keys.SK).orElse(""))) {
                profile = profile(item);
            } else if (DirectoryItems.isEntry(item)) {
                organization = DirectoryItems.organization(item);
            }
        }
        return new Snapshot(profile, organization);
    }

    private static Map<String, AttributeValue> directoryKey(String organizationId) {
        return DirectoryItems.key(organizationId);
    }

    /**
     * One transaction: the sign-out time's check and the conditional put. Checked in the same atomic
     * step, a closing that begins between this request's token check and its write cannot be missed:
     * either the profile lands before the sign-out time (and the closing's deletion takes it), or the
     * put is refused.
     */
    @Override
    public Optional<Profile> createIfAbsent(UserKey user, Profile initial, Instant tokenIssuedAt) {
        TransactWriteItem put = TransactWriteItem.builder().put(p -> p.tableName(table)
                .item(item(user, initial))
                .conditionExpression("attribute_not_exists(pk)")
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).build();
        try {
            Transactions.write(dynamo, List.of(DynamoSignOuts.notSignedOutSince(table, user, tokenIssuedAt), put));
            return Optional.of(initial);
        } catch (TransactionCanceledException e) {
            if (Transactions.conditionFailed(e, 0)) {
                return Optional.empty();
            }
            if (!Transactions.conditionFailed(e, 1)) {
                throw e;
            }
            // Another first request won the race: theirs is the profile (gone again only if a closing took it).
            Map<String, AttributeValue> winner = e.cancellationReasons().get(1).item();
            return profile(winner).or(() -> profile(dynamo.getItem(r -> r.tableName(table)
                    .key(Items.key(user, PROFILE)).consistentRead(true)).item()));
        }
    }

    @Override
    public Optional<Organization> organization(String organizationId) {
        var item = dynamo.getItem(r -> r.tableName(table)
                .key(directoryKey(organizationId))).item();
        return DirectoryItems.organization(item);
    }

    @Override
    public UpdateResult update(UserKey user, Profile current, ProfileChanges changes, long expectedVersion, Instant now,
                               Origin origin) {
        if (current.version() != expectedVersion) {
            return new UpdateResult.Stale(current.version());
        }
        List<String> set = new ArrayList<>(List.of("version = version + :one", "updatedAt = :now"));
        List<String> remove = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":one", Items.n(1),
                ":now", s(now.toString()),
                ":expected", Items.n(expectedVersion)));
        int i = 0;
        for (var change : changes.values().entrySet()) {
            String name = "#f" + i;
            names.put(name, change.getKey().attribute());
            if (change.getValue().isPresent()) {
                set.add(name + " = :v" + i);
                values.put(":v" + i, s(change.getValue().get()));
            } else {
                remove.add(name);
            }
            i++;
        }
        String expression = "SET " + String.join(", ", set) + (remove.isEmpty() ? "" : " REMOVE " + String.join(", ", remove));
        TransactWriteItem update = TransactWriteItem.builder().update(u -> u.tableName(table)
                .key(Items.key(user, PROFILE))
                .updateExpression(expression)
                .conditionExpression("attribute_exists(pk) AND version = :expected")
                .expressionAttributeNames(names.isEmpty() ? null : names)
                .expressionAttributeValues(values)).build();
        try {
            Transactions.write(dynamo, List.of(update, activity.write(user, new ActivityEntry(now, EDITED,
                    Subject.of(Subject.PROFILE, null, null), origin))));
        } catch (TransactionCanceledException e) {
            if (!Transactions.conditionFailed(e, 0)) {
                throw e;
            }
            // Changed (or gone) since it was read: answer with the version there is now.
            var item = dynamo.getItem(r -> r.tableName(table).key(Items.key(user, PROFILE)).consistentRead(true)).item();
            return profile(item)
                    .<UpdateResult>map(stored -> new UpdateResult.Stale(stored.version()))
                    .orElseGet(UpdateResult.Missing::new);
        }
        // The condition held: the stored profile was the one read, and is now its next version.
        return new UpdateResult.Updated(changes.applyTo(current, now));
    }

    /** Through the directory's one mapping (the organizations module owns the item). */
    @Override
    public void putOrganization(Organization organization) {
        dynamo.putItem(r -> r.tableName(table).item(DirectoryItems.item(organization)));
    }

    @Override
    public void putProfile(UserKey user, Profile profile) {
        dynamo.putItem(r -> r.tableName(table).item(item(user, profile)));
    }

    private static Map<String, AttributeValue> item(UserKey user, Profile profile) {
        Map<String, AttributeValue> item = new HashMap<>(Items.key(user, PROFILE));
        item.put("entity", s(ItemKinds.PROFILE.entity()));
        item.put("displayName", s(profile.displayName()));
        Items.put(item, "email", profile.email());
        Items.put(item, "phone", profile.phone());
        Items.put(item, "jobTitle", profile.jobTitle());
        Items.put(item, "preferredLanguage", profile.preferredLanguage());
        Items.put(item, "homeOrganizationId", profile.homeOrganizationId());
        item.put("version", Items.n(profile.version()));
        item.put("createdAt", s(profile.createdAt().toString()));
        item.put("updatedAt", s(profile.updatedAt().toString()));
        return item;
    }

    private static Optional<Profile> profile(Map<String, AttributeValue> item) {
        if (Items.absent(item)) {
            return Optional.empty();
        }
        return Optional.of(new Profile(
                Items.string(item, "displayName").orElse(""),
                Items.string(item, "email"),
                Items.string(item, "phone"),
                Items.string(item, "jobTitle"),
                Items.string(item, "preferredLanguage"),
                Items.string(item, "homeOrganizationId"),
                Items.number(item, "version").orElse(1L),
                Items.instant(item, "createdAt").orElse(Instant.EPOCH),
                Items.instant(item, "updatedAt").orElse(Instant.EPOCH)));
    }
}
