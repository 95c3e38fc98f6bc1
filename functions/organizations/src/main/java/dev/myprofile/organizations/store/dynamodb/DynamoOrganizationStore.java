package dev.myprofile.organizations.store.dynamodb;

import dev.myprofile.organizations.model.Affiliations;
import dev.myprofile.organizations.model.Membership;
import dev.myprofile.organizations.model.Organization;
import dev.myprofile.organizations.model.OrganizationActivity;
import dev.myprofile.organizations.store.OrganizationStore;
import dev.myprofile.shared.activity.ActivityEntry;
import dev.myprofile.shared.activity.ActivityEntry.Origin;
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
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.myprofile.shared.dynamodb.Items.s;

/**
 * The directory and memberships on DynamoDB. A user's organizations cost two requests: one query
 * of their partition (the membership items and, beside them in sort order, the profile, whose
 * {@code homeOrganizationId} names the home organization when the token does not), then one
 * BatchGetItem of the directory entries, which live in their own partitions.
 */
public final class DynamoOrganizationStore implements OrganizationStore {
    /** The profile item's sort key, home and email attributes: the profile module owns the item; this only reads them. */
    static final String PROFILE = ItemKinds.PROFILE.sortKey();
    static final String HOME_ORGANIZATION = "homeOrganizationId";
    static final String EMAIL = "email";
    private static final int BATCH_GET_MAX = 100;
    private static final int BATCH_ATTEMPTS = 6;

    private final DynamoDbClient dynamo;
    private final String table;
    private final ActivityLog activity;

    /** On the container's client and table. */
    public DynamoOrganizationStore(Platform platform) {
        this(platform.dynamo(), platform.table());
    }

    public DynamoOrganizationStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
        this.activity = new ActivityLog(dynamo, table);
    }

    @Override
    public Affiliations affiliations(UserKey user, Optional<String> homeFromToken) {
        List<Membership> memberships = new ArrayList<>();
        Optional<String> storedHome = Optional.empty();
        Optional<String> email = Optional.empty();
        Optional<String> language = Optional.empty();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamo.query(r -> r.tableName(table).consistentRead(true)
                    .keyConditionExpression("pk = :pk AND sk BETWEEN :memberships AND :profile")
                    // Other items may sort between the two (another page's); only these two kinds are wanted.
                    .filterExpression("begins_with(sk, :memberships) OR sk = :profile")
                    .expressionAttributeValues(Map.of(":pk", s(user.partition()),
                            ":memberships", s(MembershipItems.PREFIX), ":profile", s(PROFILE)))
                    .exclusiveStartKey(from));
            for (Map<String, AttributeValue> item : page.items()) {
                if (MembershipItems.isMembership(item)) {
                    MembershipItems.membership(item).filter(Membership::active).ifPresent(memberships::add);
                } else {
                    storedHome = Items.string(item, HOME_ORGANIZATION);
                    email = Items.string(item, EMAIL);
                    language = Items.string(item, "preferredLanguage");
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);

        Optional<String> homeId = homeFromToken.filter(id -> !id.isBlank()).isPresent() ? homeFromToken : storedHome;
        Set<String> ids = new LinkedHashSet<>();
        homeId.ifPresent(ids::add);
        memberships.forEach(m -> ids.add(m.organizationId()));
        Map<String, Organization> directory = directory(ids);

        Optional<String> home = homeId;
        List<Affiliations.Guest> guests = memberships.stream()
                .filter(m -> !home.map(m.organizationId()::equals).orElse(false))
                .map(m -> new Affiliations.Guest(m, Optional.ofNullable(directory.get(m.organizationId()))))
                .toList();
        return new Affiliations(
                home.map(id -> new Affiliations.Home(id, Optional.ofNullable(directory.get(id)), Optional.empty())),
                guests, email, language);
    }

    /** The directory entries of these organizations (those the directory has), by id. */
    private Map<String, Organization> directory(Set<String> ids) {
        Map<String, Organization> found = new HashMap<>();
        List<String> all = new ArrayList<>(ids);
        for (int from = 0; from < all.size(); from += BATCH_GET_MAX) {
            List<Map<String, AttributeValue>> pending = all.subList(from, Math.min(all.size(), from + BATCH_GET_MAX))
                    .stream().map(DirectoryItems::key).toList();
            for (int attempt = 0; !pending.isEmpty(); attempt++) {
                List<Map<String, AttributeValue>> keys = pending;
                BatchGetItemResponse response = dynamo.batchGetItem(r -> r.requestItems(
                        Map.of(table, KeysAndAttributes.builder().keys(keys).build())));
                for (Map<String, AttributeValue> item : response.responses().getOrDefault(table, List.of())) {
                    DirectoryItems.organization(item).ifPresent(o -> found.put(o.id(), o));
                }
                KeysAndAttributes unprocessed = response.unprocessedKeys().get(table);
                pending = unprocessed == null ? List.of() : unprocessed.keys();
                if (!pending.isEmpty()) {
                    Transactions.backOff(attempt, BATCH_ATTEMPTS,
                            SdkClientException.create("BatchGetItem left keys unprocessed after retries"));
                }
            }
        }
        return found;
    }

    @Override
    public Optional<Organization> organization(String organizationId) {
        return DirectoryItems.organization(dynamo.getItem(r -> r.tableName(table)
                .key(DirectoryItems.key(organizationId))).item());
    }

    @Override
    public void putOrganization(Organization organization) {
        dynamo.putItem(r -> r.tableName(table).item(DirectoryItems.item(organization)));
    }

    private Optional<Membership> membership(UserKey user, String organizationId) {
        return MembershipItems.membership(dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(MembershipItems.key(user, organizationId))).item());
    }

    @Override
    public LeaveResult leave(UserKey user, String organizationId, Instant now, Origin origin) {
        Optional<Membership> current = membership(user, organizationId);
        if (current.isEmpty()) {
            return new LeaveResult.Missing();
        }
        Optional<Organization> organization = organization(organizationId);
        if (!current.get().active()) {
            return new LeaveResult.AlreadyLeft(current.get(), organization);
        }
        TransactWriteItem end = TransactWriteItem.builder().update(u -> u.tableName(table)
                .key(MembershipItems.key(user, organizationId))
                .updateExpression("SET leftAt = :now, expiresAt = :expires")
                .conditionExpression("attribute_exists(pk) AND attribute_not_exists(leftAt)")
                .expressionAttributeValues(Map.of(":now", s(now.toString()),
                        ":expires", Items.n(MembershipItems.expiresAt(now))))).build();
        try {
            dynamo.transactWriteItems(r -> r.transactItems(end, activity.write(user, new ActivityEntry(now,
                    OrganizationActivity.LEFT, OrganizationActivity.subject(organizationId, organization), origin))));
        } catch (TransactionCanceledException e) {
            if (!Transactions.conditionFailed(e, 0)) {
                throw e;
            }
            // Left (or removed) between the read and the write: answer with what is there now.
            return membership(user, organizationId)
                    .<LeaveResult>map(m -> new LeaveResult.AlreadyLeft(m, organization))
                    .orElseGet(LeaveResult.Missing::new);
        }
        return new LeaveResult.Left(new Membership(organizationId, current.get().joinedAt(), Optional.of(now)), organization);
    }

    @Override
    public AdminResult addGuest(UserKey user, String organizationId, Instant joinedAt, Instant now) {
        Optional<Organization> organization = organization(organizationId);
        if (organization.isEmpty()) {
            return AdminResult.NO_SUCH_ORGANIZATION;
        }
        if (membership(user, organizationId).filter(Membership::active).isPresent()) {
            return AdminResult.ALREADY_GUEST;
        }
        TransactWriteItem put = TransactWriteItem.builder().put(p -> p.tableName(table)
                .item(MembershipItems.item(user, organizationId, joinedAt))
                .conditionExpression("attribute_not_exists(pk) OR attribute_exists(leftAt)")).build();
        try {
            // The entry is dated when the user became a guest (an administrator may record an earlier joinedAt).
            dynamo.transactWriteItems(r -> r.transactItems(put, activity.write(user, new ActivityEntry(joinedAt,
                    OrganizationActivity.ADDED, OrganizationActivity.subject(organizationId, organization),
                    OrganizationActivity.ADMINISTRATOR))));
            return AdminResult.ADDED;
        } catch (TransactionCanceledException e) {
            if (!Transactions.conditionFailed(e, 0)) {
                throw e;
            }
            return AdminResult.ALREADY_GUEST;
        }
    }

    @Override
    public AdminResult removeGuest(UserKey user, String organizationId, Instant now) {
        if (membership(user, organizationId).filter(Membership::active).isEmpty()) {
            return AdminResult.NOT_A_GUEST;
        }
        Optional<Organization> organization = organization(organizationId);
        TransactWriteItem delete = TransactWriteItem.builder().delete(d -> d.tableName(table)
                .key(MembershipItems.key(user, organizationId))
                .conditionExpression("attribute_exists(pk) AND attribute_not_exists(leftAt)")).build();
        try {
            dynamo.transactWriteItems(r -> r.transactItems(delete, activity.write(user, new ActivityEntry(now,
                    OrganizationActivity.REMOVED, OrganizationActivity.subject(organizationId, organization),
                    OrganizationActivity.ADMINISTRATOR))));
            return AdminResult.REMOVED;
        } catch (TransactionCanceledException e) {
            if (!Transactions.conditionFailed(e, 0)) {
                throw e;
            }
            return AdminResult.NOT_A_GUEST;
        }
    }
}
