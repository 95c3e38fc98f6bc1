package dev.myprofile.shared.auth;

import dev.myprofile.shared.dynamodb.ItemKinds;
import dev.myprofile.shared.dynamodb.Items;
import dev.myprofile.shared.dynamodb.UserKey;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.Select;

import java.util.Map;

/**
 * Step-up's answer from the user's own partition: a user has an MFA method when an item under
 * {@link #PREFIX} exists there. The Security info page writes one when Cognito has accepted a method
 * that can do a second step (an authenticator app, a phone for text messages) and deletes it with the
 * method; this class knows only the prefix, so any sensitive handler can ask without a Cognito client
 * in its jar, at the cost of one small query that returns at most one key.
 */
public final class DynamoMfaMethods implements MfaMethods {
    /** The sort-key prefix of a method that can do a second step (the security-info module's items, {@link ItemKinds}). */
    public static final String PREFIX = ItemKinds.MFA_METHOD_PREFIX;

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoMfaMethods(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public boolean anyRegistered(UserKey user) {
        return dynamo.query(r -> r.tableName(table)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :mfa)")
                .expressionAttributeValues(Map.of(":pk", Items.s(user.partition()), ":mfa", Items.s(PREFIX)))
                .consistentRead(true)
                .select(Select.COUNT)
                .limit(1)).count() > 0;
    }
}
