package dev.myprofile.shared.auth;

import dev.myprofile.shared.dynamodb.ItemKinds;
import dev.myprofile.shared.dynamodb.Items;
import dev.myprofile.shared.dynamodb.UserKey;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The not-before time in its own small item of the user's partition ({@code SIGN-OUT}), so reading
 * it costs one consistent GetItem of a few bytes and no page's item has to carry it.
 */
public final class DynamoSignOuts implements SignOuts {
    static final String SORT_KEY = ItemKinds.SIGN_OUT.sortKey();
    private static final String NOT_BEFORE = "notBefore";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoSignOuts(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Optional<Instant> notBefore(UserKey user) {
        var item = dynamo.getItem(r -> r.tableName(table).key(Items.key(user, SORT_KEY)).consistentRead(true)
                .projectionExpression(NOT_BEFORE)).item();
        return Items.absent(item) ? Optional.empty() : Items.number(item, NOT_BEFORE).map(Instant::ofEpochSecond);
    }

    /**
     * A transaction's check that no "sign out everywhere" (which closing an account begins with) came
     * after {@code issuedAt}: a write that must never land in a closed account's partition carries it,
     * so the sign-out time is checked in the same atomic step as the write, not read before it. The
     * rule is {@link SignOutCheck}'s: a token issued before the not-before time is refused.
     */
    public static TransactWriteItem notSignedOutSince(String table, UserKey user, Instant issuedAt) {
        return TransactWriteItem.builder().conditionCheck(c -> c.tableName(table)
                .key(Items.key(user, SORT_KEY))
                .conditionExpression("attribute_not_exists(notBefore) OR notBefore <= :issued")
                .expressionAttributeValues(Map.of(":issued", Items.n(issuedAt.getEpochSecond())))).build();
    }

    /**
     * A transaction's checks that the person's account is neither closing nor closed, for a write whose
     * caller is not the person (a service naming them, whose token no sign-out refuses): no closing
     * entry stands for the partition, and the sign-out time has not been given the time to live that
     * closing gives it once the partition is emptied. Checked in the same atomic step as the write, so
     * a closing that begins at the same moment either sees the write (and deletes it) or refuses it.
     * Two actions, in this order: the closing entry, then the sign-out time.
     */
    public static java.util.List<TransactWriteItem> notClosing(String table, UserKey user) {
        return java.util.List.of(
                TransactWriteItem.builder().conditionCheck(c -> c.tableName(table)
                        .key(Items.key(ItemKinds.CLOSING_PARTITION, user.partition()))
                        .conditionExpression("attribute_not_exists(pk)")).build(),
                TransactWriteItem.builder().conditionCheck(c -> c.tableName(table)
                        .key(Items.key(user, SORT_KEY))
                        .conditionExpression("attribute_not_exists(expiresAt)")).build());
    }

    @Override
    public void signOutEverywhere(UserKey user, Instant notBefore) {
        try {
            dynamo.updateItem(r -> r.tableName(table).key(Items.key(user, SORT_KEY))
                    .updateExpression("SET notBefore = :t, entity = :entity")
                    .conditionExpression("attribute_not_exists(notBefore) OR notBefore < :t")
                    .expressionAttributeValues(Map.of(":t", Items.n(notBefore.getEpochSecond()),
                            ":entity", Items.s(ItemKinds.SIGN_OUT.entity()))));
        } catch (ConditionalCheckFailedException later) {
            // A later sign-out is already in force; it covers this one.
        }
    }
}
