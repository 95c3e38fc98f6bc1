package dev.myprofile.devices.entrypoints;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.myprofile.devices.model.Device;
import dev.myprofile.devices.store.dynamodb.DeviceItems;
import dev.myprofile.shared.dynamodb.Items;
import dev.myprofile.shared.dynamodb.Transactions;
import dev.myprofile.shared.dynamodb.UserKey;
import dev.myprofile.shared.http.Api;
import dev.myprofile.testkit.ApiContract;
import dev.myprofile.testkit.Events;
import dev.myprofile.testkit.FaultyDynamoDb;
import dev.myprofile.testkit.Responses;
import dev.myprofile.testkit.TestContext;
import dev.myprofile.testkit.TestEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the device routes answer when DynamoDB cancels a transaction for a reason other than a
 * condition, injected by a store decorator (moto cannot be made to conflict or throttle on demand):
 * transient reasons are retried with back-off and then succeed; one that persists is a 409 "try again"
 * (a conflict) or a 503 with Retry-After — never a 500, and never a half-written change.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeviceStoreFailuresTest {
    /** Every reason DynamoDB gives for cancelling a transaction, but a failed condition (the stores' own business). */
    private static final Set<String> TRANSIENT = Set.of("TransactionConflict", "ThrottlingError", "ProvisionedThroughputExceeded",
            "RequestLimitExceeded");

    private TestEnvironment env;
    private final AtomicInteger subjects = new AtomicInteger();

    @BeforeAll
    void start() {
        env = TestEnvironment.create();
    }

    @AfterAll
    void stop() {
        env.close();
    }

    private String newSubject() {
        return "faulty-" + subjects.incrementAndGet();
    }

    private UserKey key(String subject) {
        return UserKey.of(env.issuer().issuer(), subject);
    }

    private FaultyDynamoDb faulty() {
        return FaultyDynamoDb.over(env.moto().dynamo());
    }

    private APIGatewayV2HTTPResponse register(Api api, String subject, String deviceId) {
        APIGatewayV2HTTPEvent event = Events.withToken(Events.load("put-me-device"),
                env.issuer().token(subject).claim("scope", RegisterDeviceHandler.DEFAULT_SCOPE).sign());
        event.setPathParameters(Map.of("deviceId", deviceId));
        return ApiContract.checked(new RegisterDeviceHandler(api)).handleRequest(event, new TestContext());
    }

    private APIGatewayV2HTTPResponse disable(Api api, String subject, String deviceId) {
        APIGatewayV2HTTPEvent event = Events.withToken(Events.load("post-me-device-disable"), env.issuer().token(subject).sign());
        event.setPathParameters(Map.of("deviceId", deviceId));
        return ApiContract.checked(new DisableDeviceHandler(api)).handleRequest(event, new TestContext());
    }

    private void seed(String subject, String deviceId) {
        Instant now = Instant.now();
        Device device = new Device(deviceId, "Device " + deviceId, "iOS", "18", Device.TrustType.REGISTERED,
                now.minus(Duration.ofDays(3)), now.minus(Duration.ofHours(1)), true, Optional.empty(), Optional.empty(), 1);
        env.moto().dynamo().putItem(r -> r.tableName(env.table()).item(DeviceItems.item(key(subject), device, false)));
    }

    private Map<String, AttributeValue> stored(String subject, String deviceId) {
        return env.moto().dynamo().getItem(r -> r.tableName(env.table()).consistentRead(true)
                .key(DeviceItems.key(key(subject), deviceId))).item();
    }

    private int activityEntries(String subject) {
        return env.moto().dynamo().query(r -> r.tableName(env.table())
                .keyConditionExpression("pk = :pk AND begins_with(sk, :a)")
                .expressionAttributeValues(Map.of(":pk", Items.s(key(subject).partition()), ":a", Items.s("ACTIVITY#")))).count();
    }

    /** A 409 for a conflict, a 503 for anything else; either way problem+json with Retry-After. */
    private static void assertTryAgain(String reason, APIGatewayV2HTTPResponse response) {
        int expected = reason.equals("TransactionConflict") ? 409 : 503;
        JsonNode problem = Responses.problem(response, expected);
        assertNotNull(Responses.header(response, "Retry-After"), reason + " answers with Retry-After");
        assertTrue(problem.path("detail").asText().contains("try again") || problem.path("detail").asText().contains("Try again"),
                problem::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TransactionConflict", "ThrottlingError", "ProvisionedThroughputExceeded", "RequestLimitExceeded",
            "ItemCollectionSizeLimitExceeded", "ValidationError"})
    void a_registration_cancelled_once_is_retried_if_the_reason_passes_and_otherwise_answered_without_a_500(String reason) {
        String subject = newSubject();
        FaultyDynamoDb dynamo = faulty().cancelTransactions(reason, 1);
        APIGatewayV2HTTPResponse response = register(env.api(dynamo), subject, "d1");
        if (TRANSIENT.contains(reason)) {
            assertEquals(201, response.getStatusCode(), response::getBody);
            assertEquals(2, dynamo.transactions(), "one cancelled, one written");
            assertEquals(1, activityEntries(subject));
        } else {
            Responses.problem(response, 503);
            assertNotNull(Responses.header(response, "Retry-After"));
            assertEquals(1, dynamo.transactions(), "a reason no retry meets is not retried");
            assertTrue(stored(subject, "d1").isEmpty());
            assertEquals(0, activityEntries(subject));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TransactionConflict", "ThrottlingError", "ProvisionedThroughputExceeded", "RequestLimitExceeded",
            "ItemCollectionSizeLimitExceeded", "ValidationError"})
    void a_registration_that_keeps_being_cancelled_is_409_or_503_and_writes_nothing(String reason) {
        String subject = newSubject();
        FaultyDynamoDb dynamo = faulty().cancelTransactions(reason, 1_000);
        assertTryAgain(reason, register(env.api(dynamo), subject, "d1"));
        assertTrue(stored(subject, "d1").isEmpty());
        assertEquals(0, activityEntries(subject));
        assertTrue(dynamo.transactions() <= Transactions.ATTEMPTS * 3, "bounded retries: " + dynamo.transactions());
    }

    @ParameterizedTest
    @ValueSource(strings = {"TransactionConflict", "ThrottlingError", "ProvisionedThroughputExceeded", "RequestLimitExceeded",
            "ItemCollectionSizeLimitExceeded", "ValidationError"})
    void a_disable_that_keeps_being_cancelled_is_409_or_503_and_changes_nothing(String reason) {
        String subject = newSubject();
        seed(subject, "lost");
        FaultyDynamoDb dynamo = faulty().cancelTransactions(reason, 1_000);
        assertTryAgain(reason, disable(env.api(dynamo), subject, "lost"));
        assertEquals("enabled", stored(subject, "lost").get("state").s());
        assertEquals(0, activityEntries(subject));
    }

    @ParameterizedTest
    @ValueSource(strings = {"TransactionConflict", "ThrottlingError"})
    void a_disable_cancelled_once_for_a_passing_reason_is_retried(String reason) {
        String subject = newSubject();
        seed(subject, "lost");
        APIGatewayV2HTTPResponse response = disable(env.api(faulty().cancelTransactions(reason, 1)), subject, "lost");
        assertEquals(200, response.getStatusCode(), response::getBody);
        assertEquals("disabled", stored(subject, "lost").get("state").s());
        assertEquals(1, activityEntries(subject));
    }

    @Test
    void a_device_created_elsewhere_and_deleted_by_the_cleanup_before_the_reread_is_registered_not_a_500() {
        String subject = newSubject();
        FaultyDynamoDb dynamo = faulty().aroundNextTransaction(
                () -> seed(subject, "flapping"),
                () -> env.moto().dynamo().deleteItem(r -> r.tableName(env.table()).key(DeviceItems.key(key(subject), "flapping"))));
        APIGatewayV2HTTPResponse response = register(env.api(dynamo), subject, "flapping");
        assertEquals(201, response.getStatusCode(), response::getBody);
        assertEquals("ADA-LAPTOP", stored(subject, "flapping").get("displayName").s());
        assertEquals(1, activityEntries(subject));
    }
}
