package dev.myprofile.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myprofile.shared.http.Api;
import dev.myprofile.testkit.CountingProxy;
import dev.myprofile.testkit.Events;
import dev.myprofile.testkit.SamTemplate;
import dev.myprofile.testkit.TestContext;
import dev.myprofile.testkit.TestEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * moto takes any caller, so no other test sees a DynamoDB operation that the function's IAM policy
 * in template.yaml does not allow: on AWS it is AccessDenied, a 500 for the person. Here every routed
 * function runs its route's sample event (a valid token, a fresh user each) through its real handler,
 * against moto through a proxy that records each DynamoDB operation, and every operation must be an
 * action the function's policies (inline statements and the managed policies it names) allow.
 * A sample's path may stop early (no such device, no pool configured): what it reached is checked.
 * The same holds for Cognito's administrative operations, with a pool and its users' own tokens.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IamContractTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SamTemplate template = SamTemplate.load();
    private TestEnvironment env;
    private CountingProxy proxy;

    @BeforeAll
    void start() {
        env = TestEnvironment.create();
        proxy = CountingProxy.to(env.moto().endpoint());
    }

    @AfterAll
    void stop() {
        proxy.close();
        env.close();
    }

    /** The DynamoDB actions a function's policies allow. */
    private Set<String> allowed(SamTemplate.Function function) {
        return template.allowedActions(function);
    }

    /**
     * The IAM actions a request needs. A transaction is authorized item by item (IAM has no
     * TransactWriteItems action): PutItem, UpdateItem, DeleteItem or ConditionCheckItem for each of
     * its items, GetItem for each of a TransactGetItems'.
     */
    static Set<String> actions(String operation, String body) throws Exception {
        Set<String> actions = new TreeSet<>();
        if (operation.equals("TransactWriteItems") || operation.equals("TransactGetItems")) {
            for (JsonNode item : JSON.readTree(body).path("TransactItems")) {
                item.fieldNames().forEachRemaining(kind -> actions.add("dynamodb:" + switch (kind) {
                    case "ConditionCheck" -> "ConditionCheckItem";
                    case "Get", "Put", "Update", "Delete" -> kind + "Item";
                    default -> kind;
                }));
            }
        } else {
            actions.add("dynamodb:" + operation);
        }
        return actions;
    }

    /**
     * The same for Cognito, whose administrative operations (no {@code AccessToken} in the request) are
     * authorized by the function's role, and whose operations with the person's access token need no
     * permission: every routed function runs its sample with a real token of a fresh user of a pool
     * whose threat protection keeps sign-ins, against moto through the sign-ins stand-in, with a proxy
     * recording each Cognito operation in front of it.
     */
    @Test
    void every_administrative_Cognito_operation_a_routed_function_makes_is_one_its_policies_allow() throws Exception {
        Map<String, Path> samples = new HashMap<>();
        for (Path file : Events.all()) {
            samples.put(Events.read(file).getRouteKey(), file);
        }
        try (CognitoAuthEventsStandIn standIn = CognitoAuthEventsStandIn.start(env.moto().endpoint());
             CognitoIdentityProviderClient cognito = CognitoWebAuthnStandInTest.client(standIn.endpoint());
             CountingProxy recorder = CountingProxy.to(standIn.endpoint())) {
            String pool = AuthEventsPools.pool(cognito, "iam-contract", "AUDIT");
            String client = AuthEventsPools.webClient(cognito, pool);
            Map<String, String> settings = AuthEventsPools.settings(env.moto().endpoint(), pool, client, recorder.endpoint());
            List<String> refused = new ArrayList<>();
            Set<String> administrative = new TreeSet<>();
            for (SamTemplate.Function function : template.functions()) {
                if (function.routes().isEmpty()) {
                    continue;
                }
                @SuppressWarnings("unchecked")
                RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler =
                        (RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>) Class.forName(function.handlerClass())
                                .getConstructor(Api.class).newInstance(env.api(settings, Clock.systemUTC()));
                Set<String> allowed = allowed(function);
                for (SamTemplate.Route route : function.routes()) {
                    String token = AuthEventsPools.newUser(cognito, pool, client, "iam-contract-").token();
                    recorder.clear();
                    handler.handleRequest(Events.withToken(Events.read(samples.get(route.routeKey())), token), new TestContext());
                    List<String> operations = recorder.operations();
                    List<String> bodies = recorder.requests();
                    for (int i = 0; i < operations.size(); i++) {
                        if (JSON.readTree(bodies.get(i)).has("AccessToken")) {
                            continue;
                        }
                        String action = "cognito-idp:" + operations.get(i);
                        administrative.add(function.logicalId() + " " + action);
                        if (!allowed.contains(action)) {
                            refused.add(function.logicalId() + " (" + route.routeKey() + ") needs " + action + " but may only " + allowed);
                        }
                    }
                }
            }
            assertTrue(administrative.contains("ExportFunction cognito-idp:AdminListUserAuthEvents")
                    && administrative.contains("ListSignInsFunction cognito-idp:AdminListUserAuthEvents"),
                    () -> "the samples' administrative Cognito calls: " + administrative);
            assertTrue(refused.isEmpty(), () -> String.join("\n", refused));
            System.out.println("administrative Cognito calls the samples made: " + administrative);
        }
    }

    @Test
    void every_DynamoDB_operation_a_routed_function_makes_is_one_its_policies_allow() throws Exception {
        Map<String, Path> samples = new HashMap<>();
        for (Path file : Events.all()) {
            samples.put(Events.read(file).getRouteKey(), file);
        }
        List<String> refused = new ArrayList<>();
        int exercised = 0;
        int user = 0;
        for (SamTemplate.Function function : template.functions()) {
            if (function.routes().isEmpty()) {
                continue;
            }
            Api api = env.api(Map.of("DYNAMODB_ENDPOINT", proxy.endpoint().toString()), Clock.systemUTC());
            @SuppressWarnings("unchecked")
            RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler =
                    (RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>) Class.forName(function.handlerClass())
                            .getConstructor(Api.class).newInstance(api);
            Set<String> allowed = allowed(function);
            for (SamTemplate.Route route : function.routes()) {
                Path sample = samples.get(route.routeKey());
                String token = env.issuer().token("iam-contract-" + user++).sign();
                proxy.clear();
                handler.handleRequest(Events.withToken(Events.read(sample), token), new TestContext());
                List<String> operations = proxy.operations();
                List<String> bodies = proxy.requests();
                Set<String> needed = new TreeSet<>();
                for (int i = 0; i < operations.size(); i++) {
                    needed.addAll(actions(operations.get(i), bodies.get(i)));
                }
                for (String action : needed) {
                    exercised++;
                    if (!allowed.contains(action)) {
                        refused.add(function.logicalId() + " (" + route.routeKey() + ") needs " + action + " but may only " + allowed);
                    }
                }
            }
        }
        assertTrue(exercised > 40, "the samples reached DynamoDB only " + exercised + " times: is the proxy in the path?");
        assertTrue(refused.isEmpty(), () -> String.join("\n", refused));
    }
}
