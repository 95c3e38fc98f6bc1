package dev.myprofile.testkit;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * template.yaml read as data: the one source of truth for routes, handlers, environment and the
 * table, which the local runtime and the tests use instead of a copy of their own. CloudFormation's
 * short-form tags ({@code !Ref}, {@code !GetAtt}, {@code !Sub}, ...) are read into their long JSON
 * form ({@code {"Ref": ...}}), so nothing is lost.
 */
public final class SamTemplate {
    private static final List<String> FUNCTIONS = List.of("Ref", "GetAtt", "Sub", "Join", "Select", "Split", "If",
            "Equals", "Not", "And", "Or", "FindInMap", "Base64", "Cidr", "GetAZs", "ImportValue", "Condition");
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}!]+)}");

    private final Path file;
    private final Map<String, Object> root;

    public record Route(String method, String path) {
        public String routeKey() {
            return method + " " + path;
        }
    }

    public record Function(String logicalId, String handler, String codeUri, Map<String, Object> properties,
                           Map<String, Object> environment, List<Route> routes) {
        public String handlerClass() {
            int separator = handler.indexOf("::");
            return separator < 0 ? handler : handler.substring(0, separator);
        }
    }

    private SamTemplate(Path file, Map<String, Object> root) {
        this.file = file;
        this.root = root;
    }

    public static SamTemplate load() {
        return load(Project.root().resolve("template.yaml"));
    }

    public static SamTemplate load(Path file) {
        try {
            Yaml yaml = new Yaml(new CloudFormationConstructor(new LoaderOptions()));
            return new SamTemplate(file, map(yaml.load(Files.readString(file))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path file() {
        return file;
    }

    /** The whole template, as read (CloudFormation's short forms in their long JSON form). */
    public Map<String, Object> root() {
        return root;
    }

    public Map<String, Object> resources() {
        return map(root.get("Resources"));
    }

    public Map<String, Object> resource(String logicalId) {
        return map(resources().get(logicalId));
    }

    public List<String> resourcesOfType(String type) {
        List<String> ids = new ArrayList<>();
        resources().forEach((id, value) -> {
            if (type.equals(map(value).get("Type"))) {
                ids.add(id);
            }
        });
        return ids;
    }

    /**
     * The IAM actions a function's policies allow (its inline statements and the managed policies it
     * refers to), as written: {@code dynamodb:GetItem}, {@code sns:Publish}, ...
     */
    public Set<String> allowedActions(Function function) {
        Set<String> actions = new TreeSet<>();
        for (Object policy : list(function.properties().getOrDefault("Policies", List.of()))) {
            Map<String, Object> given = map(policy);
            Object statements = given.containsKey("Ref")
                    ? map(map(resource(String.valueOf(given.get("Ref"))).get("Properties")).get("PolicyDocument")).get("Statement")
                    : given.get("Statement");
            for (Object statement : list(statements)) {
                Object action = map(statement).get("Action");
                for (Object one : action instanceof List<?> several ? several : List.of(action)) {
                    actions.add(String.valueOf(one));
                }
            }
        }
        return actions;
    }

    /** The services a function's policies let it call, by IAM prefix ({@code dynamodb}, {@code sns}, ...). */
    public Set<String> services(Function function) {
        Set<String> services = new TreeSet<>();
        allowedActions(function).forEach(action -> services.add(action.substring(0, action.indexOf(':'))));
        return services;
    }

    /** A parameter's definition (Type, Default, AllowedPattern, ...). */
    public Map<String, Object> parameter(String name) {
        return map(map(root.getOrDefault("Parameters", Map.of())).get(name));
    }

    public Map<String, String> parameterDefaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        map(root.getOrDefault("Parameters", Map.of())).forEach((name, value) -> {
            Object fallback = map(value).get("Default");
            if (fallback != null) {
                defaults.put(name, String.valueOf(fallback));
            }
        });
        return defaults;
    }

    private Map<String, Object> globalFunction() {
        return map(map(root.getOrDefault("Globals", Map.of())).getOrDefault("Function", Map.of()));
    }

    public List<Function> functions() {
        Map<String, Object> globals = globalFunction();
        Map<String, Object> globalVariables = variables(globals);
        List<Function> functions = new ArrayList<>();
        for (String id : resourcesOfType("AWS::Serverless::Function")) {
            Map<String, Object> properties = map(resource(id).get("Properties"));
            Map<String, Object> merged = new LinkedHashMap<>(globals);
            merged.putAll(properties);
            Map<String, Object> environment = new LinkedHashMap<>(globalVariables);
            environment.putAll(variables(properties));
            List<Route> routes = new ArrayList<>();
            map(properties.getOrDefault("Events", Map.of())).values().forEach(event -> {
                Map<String, Object> e = map(event);
                if ("HttpApi".equals(e.get("Type"))) {
                    Map<String, Object> p = map(e.get("Properties"));
                    routes.add(new Route(String.valueOf(p.get("Method")).toUpperCase(Locale.ROOT), String.valueOf(p.get("Path"))));
                }
            });
            functions.add(new Function(id, String.valueOf(merged.get("Handler")), String.valueOf(merged.get("CodeUri")),
                    merged, environment, routes));
        }
        return functions;
    }

    public List<Route> routes() {
        return functions().stream().flatMap(f -> f.routes().stream()).toList();
    }

    private static Map<String, Object> variables(Map<String, Object> functionProperties) {
        return map(map(functionProperties.getOrDefault("Environment", Map.of())).getOrDefault("Variables", Map.of()));
    }

    /**
     * A function's environment with {@code Ref}, {@code Sub} and {@code If} resolved from
     * {@code references} (parameter values and the local stand-ins for resources), the template's
     * conditions evaluated on the same values; a variable set to {@code AWS::NoValue} is left out.
     */
    public Map<String, String> environment(Function function, Map<String, String> references) {
        Map<String, Boolean> conditions = conditions(references);
        Map<String, String> resolved = new LinkedHashMap<>();
        function.environment().forEach((name, value) -> {
            Object chosen = choose(value, conditions);
            if (!(chosen instanceof Map<?, ?> ref && "AWS::NoValue".equals(ref.get("Ref")))) {
                resolved.put(name, resolve(chosen, references));
            }
        });
        return resolved;
    }

    /** The template's Conditions, evaluated on the given parameter values. */
    public Map<String, Boolean> conditions(Map<String, String> references) {
        Map<String, Object> declared = map(root.get("Conditions"));
        Map<String, Boolean> values = new LinkedHashMap<>();
        for (String name : declared.keySet()) {
            values.put(name, condition(declared.get(name), declared, references));
        }
        return values;
    }

    private static boolean condition(Object expression, Map<String, Object> declared, Map<String, String> references) {
        Map<?, ?> function = (Map<?, ?>) expression;
        if (function.containsKey("Condition")) {
            return condition(declared.get(String.valueOf(function.get("Condition"))), declared, references);
        }
        if (function.containsKey("Fn::Equals")) {
            List<Object> sides = list(function.get("Fn::Equals"));
            return resolve(sides.get(0), references).equals(resolve(sides.get(1), references));
        }
        if (function.containsKey("Fn::Not")) {
            return !condition(list(function.get("Fn::Not")).get(0), declared, references);
        }
        if (function.containsKey("Fn::Or")) {
            return list(function.get("Fn::Or")).stream().anyMatch(c -> condition(c, declared, references));
        }
        if (function.containsKey("Fn::And")) {
            return list(function.get("Fn::And")).stream().allMatch(c -> condition(c, declared, references));
        }
        throw new IllegalArgumentException("Cannot evaluate the condition " + expression + " locally");
    }

    /** Picks the branch of every {@code Fn::If}, however deeply nested. */
    private static Object choose(Object value, Map<String, Boolean> conditions) {
        if (value instanceof Map<?, ?> function && function.containsKey("Fn::If")) {
            List<Object> branches = list(function.get("Fn::If"));
            Boolean holds = conditions.get(String.valueOf(branches.get(0)));
            if (holds == null) {
                throw new IllegalArgumentException("No condition named " + branches.get(0));
            }
            return choose(holds ? branches.get(1) : branches.get(2), conditions);
        }
        return value;
    }

    /**
     * {@code value} as CloudFormation would give it with these parameter values and stand-ins for
     * resources: every {@code Fn::If}, however deeply nested, decided by the template's conditions.
     */
    public String evaluate(Object value, Map<String, String> references) {
        return resolve(chooseAll(value, conditions(references)), references);
    }

    private static Object chooseAll(Object value, Map<String, Boolean> conditions) {
        Object chosen = choose(value, conditions);
        if (chosen instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), chooseAll(v, conditions)));
            return copy;
        }
        if (chosen instanceof List<?> items) {
            return items.stream().map(v -> chooseAll(v, conditions)).toList();
        }
        return chosen;
    }

    /** {@code Ref}, {@code Fn::Sub} (both forms), {@code Fn::Join}, {@code Fn::Select} and {@code Fn::Split} of these values. */
    public static String resolve(Object value, Map<String, String> references) {
        Object resolved = value(value, references);
        if (resolved instanceof List<?>) {
            throw new IllegalArgumentException("A list where a text was expected: " + value);
        }
        return String.valueOf(resolved);
    }

    private static Object value(Object value, Map<String, String> references) {
        if (value instanceof Map<?, ?> function) {
            if (function.containsKey("Ref")) {
                return reference(String.valueOf(function.get("Ref")), references);
            }
            if (function.containsKey("Fn::Sub")) {
                Object sub = function.get("Fn::Sub");
                String text;
                Map<String, String> variables = new LinkedHashMap<>(references);
                if (sub instanceof String plain) {
                    text = plain;
                } else {
                    List<Object> parts = list(sub);
                    text = String.valueOf(parts.get(0));
                    map(parts.get(1)).forEach((name, v) -> variables.put(name, resolve(v, references)));
                }
                Matcher m = SUB_VARIABLE.matcher(text);
                StringBuilder out = new StringBuilder();
                while (m.find()) {
                    m.appendReplacement(out, Matcher.quoteReplacement(reference(m.group(1), variables)));
                }
                m.appendTail(out);
                return out.toString();
            }
            if (function.containsKey("Fn::Join")) {
                List<Object> parts = list(function.get("Fn::Join"));
                return String.join(String.valueOf(parts.get(0)), list(value(parts.get(1), references)).stream()
                        .map(v -> resolve(v, references)).toList());
            }
            if (function.containsKey("Fn::Split")) {
                List<Object> parts = list(function.get("Fn::Split"));
                return List.of(resolve(parts.get(1), references).split(Pattern.quote(String.valueOf(parts.get(0))), -1));
            }
            if (function.containsKey("Fn::Select")) {
                List<Object> parts = list(function.get("Fn::Select"));
                return list(value(parts.get(1), references)).get(Integer.parseInt(String.valueOf(parts.get(0))));
            }
            throw new IllegalArgumentException("Cannot resolve " + function + " locally");
        }
        if (value instanceof List<?> items) {
            return items;
        }
        return value == null ? "" : String.valueOf(value);
    }

    private static String reference(String name, Map<String, String> references) {
        String value = references.get(name);
        if (value == null) {
            throw new IllegalArgumentException("No local value for a reference to " + name);
        }
        return value;
    }

    /** The table's logical id: the template has exactly one. */
    public String tableLogicalId() {
        List<String> tables = resourcesOfType("AWS::DynamoDB::Table");
        if (tables.size() != 1) {
            throw new IllegalStateException("Expected one DynamoDB table in the template, found " + tables);
        }
        return tables.get(0);
    }

    private Map<String, Object> tableProperties() {
        return map(resource(tableLogicalId()).get("Properties"));
    }

    /** The template's table definition (keys, attributes, global and local indexes, billing) under another name. */
    public CreateTableRequest createTableRequest(String tableName) {
        Map<String, Object> p = tableProperties();
        List<GlobalSecondaryIndex> indexes = new ArrayList<>();
        for (Object raw : list(p.getOrDefault("GlobalSecondaryIndexes", List.of()))) {
            Map<String, Object> index = map(raw);
            indexes.add(GlobalSecondaryIndex.builder()
                    .indexName(String.valueOf(index.get("IndexName")))
                    .keySchema(keySchema(index.get("KeySchema")))
                    .projection(projection(index))
                    .build());
        }
        List<LocalSecondaryIndex> localIndexes = new ArrayList<>();
        for (Object raw : list(p.getOrDefault("LocalSecondaryIndexes", List.of()))) {
            Map<String, Object> index = map(raw);
            localIndexes.add(LocalSecondaryIndex.builder()
                    .indexName(String.valueOf(index.get("IndexName")))
                    .keySchema(keySchema(index.get("KeySchema")))
                    .projection(projection(index))
                    .build());
        }
        List<AttributeDefinition> attributes = new ArrayList<>();
        for (Object raw : list(p.get("AttributeDefinitions"))) {
            Map<String, Object> a = map(raw);
            attributes.add(AttributeDefinition.builder()
                    .attributeName(String.valueOf(a.get("AttributeName")))
                    .attributeType(String.valueOf(a.get("AttributeType")))
                    .build());
        }
        return CreateTableRequest.builder()
                .tableName(tableName)
                .billingMode(BillingMode.fromValue(String.valueOf(p.get("BillingMode"))))
                .attributeDefinitions(attributes)
                .keySchema(keySchema(p.get("KeySchema")))
                .globalSecondaryIndexes(indexes.isEmpty() ? null : indexes)
                .localSecondaryIndexes(localIndexes.isEmpty() ? null : localIndexes)
                .build();
    }

    private static Projection projection(Map<String, Object> index) {
        Map<String, Object> projection = map(index.get("Projection"));
        return Projection.builder()
                .projectionType(String.valueOf(projection.get("ProjectionType")))
                .nonKeyAttributes(strings(projection.get("NonKeyAttributes")))
                .build();
    }

    public Optional<String> ttlAttribute() {
        Map<String, Object> ttl = map(tableProperties().getOrDefault("TimeToLiveSpecification", Map.of()));
        return Boolean.TRUE.equals(ttl.get("Enabled")) ? Optional.of(String.valueOf(ttl.get("AttributeName"))) : Optional.empty();
    }

    /** Creates the template's table under {@code tableName}, with its time-to-live setting. */
    public void createTable(DynamoDbClient dynamo, String tableName) {
        dynamo.createTable(createTableRequest(tableName));
        ttlAttribute().ifPresent(attribute -> dynamo.updateTimeToLive(r -> r.tableName(tableName)
                .timeToLiveSpecification(t -> t.attributeName(attribute).enabled(true))));
    }

    private static List<KeySchemaElement> keySchema(Object raw) {
        List<KeySchemaElement> keys = new ArrayList<>();
        for (Object element : list(raw)) {
            Map<String, Object> k = map(element);
            keys.add(KeySchemaElement.builder()
                    .attributeName(String.valueOf(k.get("AttributeName")))
                    .keyType(String.valueOf(k.get("KeyType")))
                    .build());
        }
        return keys;
    }

    private static List<String> strings(Object raw) {
        return raw == null ? null : list(raw).stream().map(String::valueOf).toList();
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    public static List<Object> list(Object value) {
        return value == null ? List.of() : (List<Object>) value;
    }

    /** Reads {@code !Ref X} as {@code {"Ref": "X"}}, {@code !GetAtt A.B} as {@code {"Fn::GetAtt": ["A","B"]}}, and so on. */
    private static final class CloudFormationConstructor extends SafeConstructor {
        CloudFormationConstructor(LoaderOptions options) {
            super(options);
            for (String function : FUNCTIONS) {
                yamlConstructors.put(new Tag("!" + function), new Intrinsic(function));
            }
        }

        private final class Intrinsic extends AbstractConstruct {
            private final String function;

            Intrinsic(String function) {
                this.function = function;
            }

            @Override
            public Object construct(Node node) {
                Object value;
                if (node instanceof ScalarNode scalar) {
                    value = constructScalar(scalar);
                } else if (node instanceof SequenceNode sequence) {
                    value = constructSequence(sequence);
                } else {
                    value = constructMapping((MappingNode) node);
                }
                if (function.equals("Ref") || function.equals("Condition")) {
                    return Map.of(function, value);
                }
                if (function.equals("GetAtt") && value instanceof String dotted) {
                    value = List.of(dotted.split("\\.", 2));
                }
                return Map.of("Fn::" + function, value);
            }
        }
    }
}
