package dev.myprofile.local;

import dev.myprofile.testkit.Project;
import dev.myprofile.testkit.SamTemplate;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One `sam deploy` of template.yaml gives a working, closed portal on a new account (issue 19): one
 * test per promise — the site is in the stack, the deploy needs no answers, the stack is closed and
 * protected, it fits a new account, and it can be operated.
 */
class DeploymentContractTest {
    private final Path root = Project.root();
    private final SamTemplate template = SamTemplate.load();

    private Map<String, Object> properties(String logicalId) {
        Map<String, Object> resource = template.resource(logicalId);
        assertFalse(resource.isEmpty(), () -> "no resource " + logicalId);
        return SamTemplate.map(resource.get("Properties"));
    }

    private static Map<String, Object> at(Object map, String... path) {
        Map<String, Object> here = SamTemplate.map(map);
        for (String key : path) {
            Object next = here.get(key);
            assertTrue(next instanceof Map<?, ?>, () -> "missing " + String.join(".", path));
            here = SamTemplate.map(next);
        }
        return here;
    }

    private String onlyResourceOfType(String type) {
        List<String> ids = template.resourcesOfType(type);
        assertEquals(1, ids.size(), () -> "one " + type + ": " + ids);
        return ids.get(0);
    }

    /** The values a deployment with every default gets, in an account and stack of these names. */
    private Map<String, String> defaults(String stackName, String accountId, String stackUuid) {
        Map<String, String> references = new HashMap<>(template.parameterDefaults());
        references.put("AWS::StackName", stackName);
        references.put("AWS::AccountId", accountId);
        references.put("AWS::Region", "eu-north-1");
        references.put("AWS::Partition", "aws");
        references.put("AWS::URLSuffix", "amazonaws.com");
        references.put("AWS::StackId", "arn:aws:cloudformation:eu-north-1:" + accountId + ":stack/" + stackName + "/" + stackUuid);
        return references;
    }

    private static final Map<String, Object> WEB_ORIGIN_OF_THE_STACK = Map.of("Fn::If", List.of("WebOriginFromStack",
            Map.of("Fn::Sub", "https://${WebDistribution.DomainName}"), Map.of("Ref", "WebOrigin")));

    @Test
    void point_1_the_site_is_in_the_stack_a_private_bucket_behind_CloudFront_with_origin_access_control_and_the_web_apps_headers()
            throws Exception {
        String bucket = "WebBucket";
        Map<String, Object> blocked = at(properties(bucket), "PublicAccessBlockConfiguration");
        for (String setting : List.of("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets")) {
            assertEquals(true, blocked.get(setting), setting);
        }
        String distribution = onlyResourceOfType("AWS::CloudFront::Distribution");
        assertEquals("WebDistribution", distribution);
        Map<String, Object> config = at(properties(distribution), "DistributionConfig");
        assertEquals("index.html", config.get("DefaultRootObject"));
        Map<String, Object> origin = SamTemplate.map(SamTemplate.list(config.get("Origins")).get(0));
        assertEquals(Map.of("Fn::GetAtt", List.of(bucket, "RegionalDomainName")), origin.get("DomainName"));
        Map<?, ?> accessControlId = (Map<?, ?>) origin.get("OriginAccessControlId");
        String oac = String.valueOf(SamTemplate.list(accessControlId.get("Fn::GetAtt")).get(0));
        Map<String, Object> oacConfig = at(properties(oac), "OriginAccessControlConfig");
        assertEquals("s3", oacConfig.get("OriginAccessControlOriginType"));
        assertEquals("always", oacConfig.get("SigningBehavior"));
        assertEquals("sigv4", oacConfig.get("SigningProtocol"));

        Map<String, Object> behavior = at(config, "DefaultCacheBehavior");
        assertEquals(Map.of("Ref", "WebResponseHeadersPolicy"), behavior.get("ResponseHeadersPolicyId"));
        assertEquals("redirect-to-https", behavior.get("ViewerProtocolPolicy"));

        // Only this distribution may read the bucket.
        Map<String, Object> policy = properties(onlyResourceOfType("AWS::S3::BucketPolicy"));
        assertEquals(Map.of("Ref", bucket), policy.get("Bucket"));
        Map<String, Object> statement = SamTemplate.map(SamTemplate.list(at(policy, "PolicyDocument").get("Statement")).get(0));
        assertEquals(Map.of("Service", "cloudfront.amazonaws.com"), statement.get("Principal"));
        assertEquals("s3:GetObject", statement.get("Action"));
        assertTrue(String.valueOf(at(statement, "Condition", "StringEquals").get("AWS:SourceArn")).contains("${WebDistribution}"),
                statement::toString);

        // The SPA's paths (no file extension) are index.html on reload; files stay files.
        Map<String, Object> association = SamTemplate.map(SamTemplate.list(behavior.get("FunctionAssociations")).get(0));
        assertEquals("viewer-request", association.get("EventType"));
        String function = String.valueOf(SamTemplate.list(SamTemplate.map(association.get("FunctionARN")).get("Fn::GetAtt")).get(0));
        String code = String.valueOf(properties(function).get("FunctionCode"));
        for (var route : Map.of("/", "/index.html", "/security-info", "/index.html", "/devices/", "/index.html",
                "/js/app.js", "/js/app.js", "/config.json", "/config.json", "/i18n/sv/shell.json", "/i18n/sv/shell.json").entrySet()) {
            assertEquals(route.getValue(), viewerRequest(code, route.getKey()), route.getKey());
        }

        // With no WebOrigin of the operator's own, the web origin is the distribution's, everywhere it is named.
        assertEquals("", template.parameterDefaults().get("WebOrigin"));
        assertEquals(WEB_ORIGIN_OF_THE_STACK, template.functions().get(0).environment().get("WEB_ORIGIN"));
        assertEquals(List.of(WEB_ORIGIN_OF_THE_STACK), at(properties("HttpApi"), "CorsConfiguration").get("AllowOrigins"));
        Object callback = SamTemplate.list(properties("WebClient").get("CallbackURLs")).get(0);
        Map<String, String> values = defaults("myprofile", "123456789012", "0a1b2c3d-0000-4000-8000-000000000000");
        values.put("WebDistribution.DomainName", "d111111abcdef8.cloudfront.net");
        assertEquals("https://d111111abcdef8.cloudfront.net/", template.evaluate(callback, values));
        Map<String, Object> outputs = SamTemplate.map(template.root().get("Outputs"));
        for (String output : List.of("WebUrl", "WebBucketName", "WebDistributionId", "WebIssuerOrigins", "WebScope")) {
            assertTrue(outputs.containsKey(output), output + " is an output the site build reads");
        }
    }

    /** What CloudFront's viewer-request function makes of a request for {@code uri} (run with node). */
    private static String viewerRequest(String code, String uri) throws Exception {
        String script = code + "\nconsole.log(handler({request: {uri: " + jsString(uri) + ", headers: {}}}).uri);\n";
        Process node = new ProcessBuilder("node", "-e", script).redirectErrorStream(true).start();
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, node.waitFor(), output);
        return output;
    }

    private static String jsString(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Test
    void point_2_one_command_deploys_samconfig_answers_everything_and_no_parameter_needs_an_answer() throws Exception {
        List<String> required = new ArrayList<>();
        SamTemplate.map(template.root().get("Parameters")).forEach((name, definition) -> {
            if (!SamTemplate.map(definition).containsKey("Default")) {
                required.add(name);
            }
        });
        assertEquals(List.of(), required, "parameters sam deploy would have to ask for");
        String samconfig = Files.readString(root.resolve("samconfig.toml"));
        for (String line : List.of("[default.deploy.parameters]", "resolve_s3 = true", "capabilities = \"CAPABILITY_IAM\"",
                "confirm_changeset = false", "fail_on_empty_changeset = false")) {
            assertTrue(samconfig.contains(line), () -> "samconfig.toml: " + line);
        }
        Path deploy = root.resolve("deploy");
        assertTrue(Files.isExecutable(deploy), "./deploy is the one command");
        String script = Files.readString(deploy);
        assertTrue(script.contains("sam deploy"), "the deploy script runs sam deploy");
        String readme = Files.readString(root.resolve("README.md"));
        assertTrue(readme.contains("## Deploy to AWS"), "the README has a Deploy to AWS section");
    }

    @Test
    void point_3_closed_and_protected_admin_created_users_deletion_protection_and_the_secret_never_in_the_environment() {
        Map<String, Object> pool = properties("UserPool");
        assertEquals("disabled", template.parameterDefaults().get("SelfSignUp"));
        assertEquals(Map.of("AllowAdminCreateUserOnly", Map.of("Fn::If", List.of("SelfSignUpAllowed", false, true))),
                pool.get("AdminCreateUserConfig"));
        assertEquals("ACTIVE", pool.get("DeletionProtection"));
        assertEquals(true, properties(template.tableLogicalId()).get("DeletionProtectionEnabled"));

        // No NoEcho parameter reaches a function's environment; the code key is read from SSM.
        Set<String> secrets = new TreeSet<>();
        SamTemplate.map(template.root().get("Parameters")).forEach((name, definition) -> {
            if (Boolean.TRUE.equals(SamTemplate.map(definition).get("NoEcho"))) {
                secrets.add(name);
            }
        });
        List<String> usingTheKey = new ArrayList<>();
        for (SamTemplate.Function function : template.functions()) {
            function.environment().forEach((variable, value) -> {
                for (String secret : secrets) {
                    assertFalse(String.valueOf(value).contains(secret), function.logicalId() + " " + variable + " carries " + secret);
                }
                assertFalse(variable.equals("VERIFICATION_CODE_KEY"), function.logicalId() + ": the key itself in the environment");
            });
            Object parameter = function.environment().get("VERIFICATION_CODE_KEY_PARAMETER");
            if (parameter == null) {
                continue;
            }
            usingTheKey.add(function.logicalId());
            assertEquals(Map.of("Fn::Sub", "/myprofile/${AWS::StackName}/verification-code-key"), parameter);
            boolean reads = SamTemplate.list(function.properties().get("Policies")).stream()
                    .filter(p -> p instanceof Map<?, ?> m && m.containsKey("Statement"))
                    .flatMap(p -> SamTemplate.list(SamTemplate.map(p).get("Statement")).stream())
                    .map(SamTemplate::map)
                    .anyMatch(s -> SamTemplate.list(s.get("Action")).contains("ssm:GetParameter")
                            && s.get("Resource").equals(Map.of("Fn::Sub",
                            "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/myprofile/${AWS::StackName}/verification-code-key")));
            assertTrue(reads, function.logicalId() + " may read the key's parameter, and only it");
        }
        assertEquals(new TreeSet<>(List.of("StartPhoneVerificationFunction", "VerifyPhoneFunction", "StartEmailVerificationFunction",
                "VerifyEmailFunction")), new TreeSet<>(usingTheKey));
        // Lean jars: only the functions that read the key carry the SSM client.
        for (SamTemplate.Function function : template.functions()) {
            try (java.util.zip.ZipFile jar = new java.util.zip.ZipFile(root.resolve(function.codeUri()).toFile())) {
                boolean ssm = jar.getEntry("software/amazon/awssdk/services/ssm/SsmClient.class") != null;
                assertEquals(usingTheKey.contains(function.logicalId()), ssm, function.logicalId() + " (" + function.codeUri() + ")");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("build the artifacts first (mvn package): " + function.codeUri(), e);
            }
        }
    }

    @Test
    void point_4_works_on_a_new_account_no_fixed_reservations_a_valid_unique_domain_prefix_and_no_publisher_needed() {
        // No hard-coded reserved concurrency: every reservation comes from a parameter whose default reserves none.
        for (SamTemplate.Function function : template.functions()) {
            Object reserved = function.properties().get("ReservedConcurrentExecutions");
            if (reserved == null) {
                continue;
            }
            assertTrue(reserved instanceof Map<?, ?>, function.logicalId() + " reserves a fixed " + reserved);
            List<Object> choice = SamTemplate.list(SamTemplate.map(reserved).get("Fn::If"));
            assertEquals(3, choice.size(), function.logicalId() + ": " + reserved);
            assertEquals(Map.of("Ref", "AWS::NoValue"), choice.get(2), function.logicalId());
            String parameter = String.valueOf(SamTemplate.map(choice.get(1)).get("Ref"));
            assertEquals("0", template.parameterDefaults().get(parameter), parameter);
            assertFalse(template.conditions(new HashMap<>(template.parameterDefaults())).get(String.valueOf(choice.get(0))),
                    function.logicalId() + " reserves by default");
        }
        assertTrue(template.parameterDefaults().containsKey("JobReservedConcurrency"));

        // The managed login domain's default prefix: lower-case, valid, and different for every stack and account.
        Object domain = properties("ManagedLoginDomain").get("Domain");
        Set<String> prefixes = new TreeSet<>();
        for (String stack : List.of("sam-app", "My-Profile", "MyProfile-Production-Stack-With-A-Very-Long-Name-Indeed-0123456789")) {
            for (String account : List.of("123456789012", "210987654321")) {
                for (String uuid : List.of("51af3dc0-da77-11e4-872e-1234567db123", "f00dbabe-1111-4222-8333-444455556666")) {
                    String prefix = template.evaluate(domain, defaults(stack, account, uuid));
                    assertTrue(prefix.matches("^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$"), prefix);
                    assertFalse(prefix.matches(".*(aws|amazon|cognito).*"), prefix + ": Cognito reserves these words");
                    assertTrue(prefix.contains(account), prefix);
                    prefixes.add(prefix);
                    // Everything else that names the domain names the same one.
                    String login = template.evaluate(template.functions().get(0).environment().get("MANAGED_LOGIN_URL"),
                            defaults(stack, account, uuid));
                    assertEquals("https://" + prefix + ".auth.eu-north-1.amazoncognito.com", login);
                    assertEquals(prefix + ".auth.eu-north-1.amazoncognito.com",
                            template.evaluate(properties("UserPool").get("WebAuthnRelyingPartyID"), defaults(stack, account, uuid)));
                }
            }
        }
        assertEquals(4, prefixes.size(), "one prefix per stack id and account: " + prefixes);
        // The passkeys' relying party is the whole domain, at most 63 characters, in the longest region name too.
        Map<String, String> longest = defaults("sam-app", "123456789012", "51af3dc0-da77-11e4-872e-1234567db123");
        longest.put("AWS::Region", "ap-southeast-2");
        String relyingParty = template.evaluate(properties("UserPool").get("WebAuthnRelyingPartyID"), longest);
        assertTrue(relyingParty.length() <= 63, relyingParty);

        // No sign-in publisher: the parameter may be empty, and then no principal may put events on the bus.
        assertEquals("", template.parameterDefaults().get("SignInPublisherArn"));
        assertTrue(String.valueOf(template.parameter("SignInPublisherArn").get("AllowedPattern")).startsWith("^("),
                "an empty publisher is allowed");
        assertTrue("".matches(String.valueOf(template.parameter("SignInPublisherArn").get("AllowedPattern"))));
        assertEquals("", template.parameterDefaults().get("DeviceServicePublisherArn"));
        assertTrue("".matches(String.valueOf(template.parameter("DeviceServicePublisherArn").get("AllowedPattern"))));
        assertEquals("HasPublisher", template.resource("DeviceEventBusPublisher").get("Condition"));
        assertFalse(template.conditions(new HashMap<>(template.parameterDefaults())).get("HasPublisher"), "no publisher by default");
        Map<String, Object> deny = at(properties("DeviceEventBusOnlyPublisher"), "Statement");
        assertEquals("Deny", deny.get("Effect"));
        assertEquals(Map.of("AWS", "*"), deny.get("Principal"));
        assertEquals("HasPublisher", SamTemplate.list(SamTemplate.map(deny.get("Condition")).get("Fn::If")).get(0));
        assertEquals(Map.of("Ref", "AWS::NoValue"), SamTemplate.list(SamTemplate.map(deny.get("Condition")).get("Fn::If")).get(2));
        assertTrue(template.resource("DeviceEventBusOnlyPublisher").get("Condition") == null, "the deny always stands");
    }

    @Test
    void issue_21_a_real_device_registration_path_a_resource_server_a_confidential_client_and_its_role_on_the_bus() {
        // The API's resource server on the stack's pool, with the one scope registration needs.
        String server = onlyResourceOfType("AWS::Cognito::UserPoolResourceServer");
        Map<String, Object> resourceServer = properties(server);
        assertEquals("CreateUserPool", template.resource(server).get("Condition"));
        assertEquals(Map.of("Ref", "UserPool"), resourceServer.get("UserPoolId"));
        List<Object> scopes = SamTemplate.list(resourceServer.get("Scopes"));
        assertEquals(1, scopes.size());
        String scope = resourceServer.get("Identifier") + "/" + SamTemplate.map(scopes.get(0)).get("ScopeName");
        assertEquals("myprofile/devices.register", scope);

        // A confidential client that gets tokens by the client-credentials grant for that scope alone.
        Map<String, Object> client = properties("DeviceServiceClient");
        assertEquals("CreateUserPool", template.resource("DeviceServiceClient").get("Condition"));
        assertEquals(server, template.resource("DeviceServiceClient").get("DependsOn"), "the scope exists before the client names it");
        assertEquals(Boolean.TRUE, client.get("GenerateSecret"));
        assertEquals(Boolean.TRUE, client.get("AllowedOAuthFlowsUserPoolClient"));
        assertEquals(List.of("client_credentials"), client.get("AllowedOAuthFlows"));
        assertEquals(List.of(scope), client.get("AllowedOAuthScopes"));
        assertFalse(client.containsKey("CallbackURLs"), "no person signs in through it");
        assertFalse(client.containsKey("ExplicitAuthFlows"), "no user-pool API sign-in through it");
        // The web app's client never gets the scope: its tokens are answered 403 at registration.
        assertFalse(SamTemplate.list(properties("WebClient").get("AllowedOAuthScopes")).contains(scope));

        // Registration (and nothing else) takes that client's tokens, and asks for that scope.
        Map<String, String> references = defaults("sam-app", "123456789012", "51af3dc0-da77-11e4-872e-1234567db123");
        references.put("UserPool", "eu-north-1_pool");
        references.put("WebClient", "web-client-id");
        references.put("DeviceServiceClient", "device-service-client-id");
        references.put("ProfileTable", "table");
        references.put("WebDistribution.DomainName", "d111111abcdef8.cloudfront.net");
        for (SamTemplate.Function function : template.functions()) {
            Map<String, Object> environment = function.environment();
            if (function.logicalId().equals("RegisterDeviceFunction")) {
                assertEquals("device-service-client-id", template.evaluate(environment.get("SERVICE_CLIENT_ID"), references));
                assertEquals(scope, template.evaluate(environment.get("DEVICE_REGISTRATION_SCOPE"), references));
            } else {
                assertFalse(environment.containsKey("SERVICE_CLIENT_ID"), function.logicalId() + " takes the service's tokens");
            }
        }
        assertEquals(Map.of("Ref", "DeviceServiceClient"), template.root().get("Outputs") instanceof Map<?, ?> outputs
                ? SamTemplate.map(outputs.get("DeviceServiceClientId")).get("Value") : null);

        // The device-management service's role may put "Device Sign-In" events, alone or beside the sign-in service's.
        String role = "arn:aws:iam::210987654321:role/device-management";
        assertTrue(role.matches(String.valueOf(template.parameter("DeviceServicePublisherArn").get("AllowedPattern"))));
        Map<String, String> serviceOnly = new HashMap<>(template.parameterDefaults());
        serviceOnly.put("DeviceServicePublisherArn", role);
        Map<String, Boolean> conditions = template.conditions(serviceOnly);
        assertTrue(conditions.get("HasPublisher"));
        assertFalse(conditions.get("HasBothPublishers"));
        Map<String, Object> allow = at(properties("DeviceEventBusPublisher"), "Statement");
        assertEquals(role, template.evaluate(SamTemplate.map(allow.get("Principal")).get("AWS"), serviceOnly));
        Map<String, Object> deny = at(properties("DeviceEventBusOnlyPublisher"), "Statement");
        assertEquals("{ArnNotEquals={aws:PrincipalArn=" + role + "}}", String.valueOf(evaluatedCondition(deny, serviceOnly)));
        Map<String, String> both = new HashMap<>(serviceOnly);
        both.put("SignInPublisherArn", "arn:aws:iam::123456789012:role/sign-in");
        assertTrue(template.conditions(both).get("HasBothPublishers"));
    }

    /** A statement's condition with every Fn::If decided and every Ref resolved, as CloudFormation would give it. */
    private Object evaluatedCondition(Map<String, Object> statement, Map<String, String> references) {
        Map<String, Boolean> conditions = template.conditions(references);
        List<Object> branches = SamTemplate.list(SamTemplate.map(statement.get("Condition")).get("Fn::If"));
        assertTrue(conditions.get(String.valueOf(branches.get(0))));
        Map<String, Object> arnNotEquals = SamTemplate.map(SamTemplate.map(branches.get(1)).get("ArnNotEquals"));
        return Map.of("ArnNotEquals", Map.of("aws:PrincipalArn", template.evaluate(arnNotEquals.get("aws:PrincipalArn"), references)));
    }

    @Test
    void point_5_operable_alarms_failure_destinations_and_log_groups_kept_and_expired() {
        Map<String, Object> resources = template.resources();
        List<Map<String, Object>> alarms = template.resourcesOfType("AWS::CloudWatch::Alarm").stream().map(this::properties).toList();
        // Each function's errors.
        for (SamTemplate.Function function : template.functions()) {
            boolean watched = alarms.stream().anyMatch(alarm -> "AWS/Lambda".equals(alarm.get("Namespace"))
                    && "Errors".equals(alarm.get("MetricName"))
                    && SamTemplate.list(alarm.get("Dimensions")).contains(Map.of("Name", "FunctionName", "Value",
                    Map.of("Ref", function.logicalId()))));
            assertTrue(watched, function.logicalId() + " has no alarm on its errors");
        }
        // The API's 5xx rate and throttles.
        assertTrue(alarms.stream().anyMatch(alarm -> String.valueOf(alarm.get("Metrics")).contains("MetricName=5xx")
                && String.valueOf(alarm.get("Metrics")).contains("Ref=HttpApi")), "an alarm on the API's 5xx rate");
        assertTrue(alarms.stream().anyMatch(alarm -> "Throttles".equals(alarm.get("MetricName"))), "an alarm on throttles");
        // Every alarm tells the optional topic.
        for (Map<String, Object> alarm : alarms) {
            assertEquals(Map.of("Fn::If", List.of("HasAlarmEmail", List.of(Map.of("Ref", "AlarmTopic")), Map.of("Ref", "AWS::NoValue"))),
                    alarm.get("AlarmActions"), alarm::toString);
        }
        assertEquals("HasAlarmEmail", template.resource("AlarmTopic").get("Condition"));

        // Every asynchronously invoked function has an on-failure destination, watched by an alarm.
        List<String> asynchronous = new ArrayList<>();
        for (SamTemplate.Function function : template.functions()) {
            boolean async = SamTemplate.map(function.properties().get("Events")).values().stream()
                    .map(e -> String.valueOf(SamTemplate.map(e).get("Type")))
                    .anyMatch(type -> type.equals("Schedule") || type.equals("EventBridgeRule") || type.equals("ScheduleV2"));
            if (!async) {
                continue;
            }
            asynchronous.add(function.logicalId());
            Map<String, Object> onFailure = at(function.properties().get("EventInvokeConfig"), "DestinationConfig", "OnFailure");
            assertEquals("SQS", onFailure.get("Type"), function.logicalId());
            assertEquals(Map.of("Fn::GetAtt", List.of("FailedInvocations", "Arn")), onFailure.get("Destination"), function.logicalId());
        }
        assertTrue(asynchronous.containsAll(List.of("CleanupFunction", "ResumeClosingFunction", "RecordDeviceSignInFunction")),
                asynchronous::toString);
        assertTrue(alarms.stream().anyMatch(alarm -> "ApproximateNumberOfMessagesVisible".equals(alarm.get("MetricName"))
                && SamTemplate.list(alarm.get("Dimensions")).contains(Map.of("Name", "QueueName", "Value",
                Map.of("Fn::GetAtt", List.of("FailedInvocations", "QueueName"))))), "an alarm on failed invocations");

        // Every log group expires its lines and says what happens to it with the stack.
        List<String> logGroups = template.resourcesOfType("AWS::Logs::LogGroup");
        assertTrue(logGroups.size() >= 2, logGroups::toString);
        for (String id : logGroups) {
            Map<String, Object> group = SamTemplate.map(resources.get(id));
            assertEquals(Map.of("Ref", "LogRetentionDays"), properties(id).get("RetentionInDays"), id);
            assertTrue(group.get("DeletionPolicy") != null && group.get("UpdateReplacePolicy") != null, id + " has no deletion policy");
        }
        assertNotEquals(0, alarms.size());
    }
}
