package dev.myprofile.shared.store.dynamodb;

import dev.myprofile.shared.domain.Organization;
import dev.myprofile.shared.domain.Profile;
import dev.myprofile.shared.domain.ProfileChanges;
import dev.myprofile.shared.domain.ProfileStore;
import dev.myprofile.shared.store.Items;
import dev.myprofile.shared.store.Keys;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.myprofile.shared.store.Items.s;

public final class DynamoProfileStore implements ProfileStore {
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoProfileStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Snapshot load(String userKey, Optional<String> organizationId) {
        Map<String, AttributeValue> profileKey = Items.key(userKey, Keys.PROFILE);
        if (organizationId.isEmpty()) {
            var item = dynamo.getItem(r -> r.tableName(table).key(profileKey).consistentRead(true)).item();
            return new Snapshot(profile(item), Optional.empty());
        }
        Map<String, AttributeValue> organizationKey = Items.key(Keys.organization(organizationId.get()), Keys.ORGANIZATION);
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
                backOff(attempt);
            }
        }
        Optional<Profile> profile = Optional.empty();
        Optional<Organization> organization = Optional.empty();
        for (Map<String, AttributeValue> item : found) {
            if (Keys.PROFILE.equals(Items.string(item, Keys.SK).orElse(""))) {
                profile = profile(item);
            } else {
                organization = organization(item);
            }
        }
        return new Snapshot(profile, organization);
    }

    private static void backOff(int attempt) {
        if (attempt >= 5) {
            throw software.amazon.awssdk.core.exception.SdkClientException.create("BatchGetItem left keys unprocessed after retries");
        }
        try {
            Thread.sleep(25L << attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw software.amazon.awssdk.core.exception.SdkClientException.create("interrupted");
        }
    }

    @Override
    public Profile createIfAbsent(String userKey, Profile initial) {
        try {
            dynamo.putItem(r -> r.tableName(table)
                    .item(item(userKey, initial))
                    .conditionExpression("attribute_not_exists(pk)")
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return initial;
        } catch (ConditionalCheckFailedException e) {
            // Another first request won the race: theirs is the profile.
            return profile(e.item()).orElseThrow();
        }
    }

    @Override
    public Optional<Organization> organization(String organizationId) {
        var item = dynamo.getItem(r -> r.tableName(table)
                .key(Items.key(Keys.organization(organizationId), Keys.ORGANIZATION))).item();
        return organization(item);
    }

    @Override
    public UpdateResult update(String userKey, ProfileChanges changes, long expectedVersion, Instant tokenIssuedAt, Instant now) {
        List<String> set = new ArrayList<>(List.of("version = version + :one", "updatedAt = :now"));
        List<String> remove = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":one", Items.n(1),
                ":now", s(now.toString()),
                ":expected", Items.n(expectedVersion),
                ":iat", Items.n(tokenIssuedAt.getEpochSecond())));
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
        try {
            var response = dynamo.updateItem(r -> r.tableName(table)
                    .key(Items.key(userKey, Keys.PROFILE))
                    .updateExpression(expression)
                    .conditionExpression("attribute_exists(pk) AND version = :expected"
                            + " AND (attribute_not_exists(tokensNotBefore) OR tokensNotBefore <= :iat)")
                    .expressionAttributeNames(names.isEmpty() ? null : names)
                    .expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_NEW)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return new UpdateResult.Updated(profile(response.attributes()).orElseThrow());
        } catch (ConditionalCheckFailedException e) {
            Optional<Profile> current = profile(e.item());
            if (current.isEmpty()) {
                return new UpdateResult.Missing();
            }
            if (current.get().revokes(tokenIssuedAt)) {
                return new UpdateResult.SignedOut();
            }
            return new UpdateResult.Stale(current.get().version());
        }
    }

    @Override
    public void putOrganization(Organization organization) {
        Map<String, AttributeValue> item = new HashMap<>(Items.key(Keys.organization(organization.id()), Keys.ORGANIZATION));
        item.put("entity", s("Organization"));
        item.put("organizationId", s(organization.id()));
        item.put("name", s(organization.name()));
        Items.put(item, "domain", organization.domain());
        Items.put(item, "privacyStatementUrl", organization.privacyStatementUrl());
        Items.put(item, "privacyContact", organization.privacyContact());
        Items.put(item, "termsOfUseUrl", organization.termsOfUseUrl());
        dynamo.putItem(r -> r.tableName(table).item(item));
    }

    @Override
    public void putProfile(String userKey, Profile profile) {
        dynamo.putItem(r -> r.tableName(table).item(item(userKey, profile)));
    }

    private static Map<String, AttributeValue> item(String userKey, Profile profile) {
        Map<String, AttributeValue> item = new HashMap<>(Items.key(userKey, Keys.PROFILE));
        item.put("entity", s("Profile"));
        item.put("displayName", s(profile.displayName()));
        Items.put(item, "email", profile.email());
        Items.put(item, "phone", profile.phone());
        Items.put(item, "jobTitle", profile.jobTitle());
        Items.put(item, "preferredLanguage", profile.preferredLanguage());
        Items.put(item, "homeOrganizationId", profile.homeOrganizationId());
        item.put("version", Items.n(profile.version()));
        item.put("createdAt", s(profile.createdAt().toString()));
        item.put("updatedAt", s(profile.updatedAt().toString()));
        profile.tokensNotBefore().ifPresent(t -> item.put("tokensNotBefore", Items.n(t.getEpochSecond())));
        return item;
    }

    private static Optional<Profile> profile(Map<String, AttributeValue> item) {
        if (item == null || item.isEmpty()) {
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
                Items.instant(item, "updatedAt").orElse(Instant.EPOCH),
                Items.number(item, "tokensNotBefore").map(Instant::ofEpochSecond)));
    }

    private static Optional<Organization> organization(Map<String, AttributeValue> item) {
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Organization(
                Items.string(item, "organizationId").orElse(""),
                Items.string(item, "name").orElse(""),
                Items.string(item, "domain"),
                Items.string(item, "privacyStatementUrl"),
                Items.string(item, "privacyContact"),
                Items.string(item, "termsOfUseUrl")));
    }
}
