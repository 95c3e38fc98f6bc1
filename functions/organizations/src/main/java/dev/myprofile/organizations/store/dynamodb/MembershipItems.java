package dev.myprofile.organizations.store.dynamodb;

import dev.myprofile.organizations.model.Membership;
import dev.myprofile.organizations.model.Role;
import dev.myprofile.shared.dynamodb.ItemKinds;
import dev.myprofile.shared.dynamodb.Items;
import dev.myprofile.shared.dynamodb.Keys;
import dev.myprofile.shared.dynamodb.UserKey;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static dev.myprofile.shared.dynamodb.Items.s;

/**
 * The one mapping of a membership item: {@code MEMBERSHIP#<organization id>} in the user's
 * partition, with {@code role} (always {@code guest}: the home organization needs no item),
 * {@code joinedAt}, and after leaving {@code leftAt} and a time to live.
 */
public final class MembershipItems {
    public static final String PREFIX = ItemKinds.MEMBERSHIPS.sortKey();

    private MembershipItems() {}

    public static Map<String, AttributeValue> key(UserKey user, String organizationId) {
        return Items.key(user, PREFIX + Keys.escape(organizationId));
    }

    public static boolean isMembership(Map<String, AttributeValue> item) {
        return Items.string(item, Keys.SK).orElse("").startsWith(PREFIX);
    }

    public static Map<String, AttributeValue> item(UserKey user, String organizationId, Instant joinedAt) {
        Map<String, AttributeValue> item = new HashMap<>(key(user, organizationId));
        item.put("entity", s(ItemKinds.MEMBERSHIPS.entity()));
        item.put("organizationId", s(organizationId));
        item.put("role", s(Role.GUEST.wireName()));
        item.put("joinedAt", s(joinedAt.toString()));
        return item;
    }

    /** When a left membership's tombstone expires (DynamoDB's time to live, in epoch seconds). */
    static long expiresAt(Instant leftAt) {
        return leftAt.plus(Membership.TOMBSTONE_DAYS, ChronoUnit.DAYS).getEpochSecond();
    }

    public static Optional<Membership> membership(Map<String, AttributeValue> item) {
        if (Items.absent(item)) {
            return Optional.empty();
        }
        return Optional.of(new Membership(
                Items.string(item, "organizationId").orElse(""),
                Items.instant(item, "joinedAt").orElse(Instant.EPOCH),
                Items.instant(item, "leftAt")));
    }
}
