package dev.myprofile.shared.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.myprofile.shared.problem.FieldCode;
import dev.myprofile.shared.problem.Problem.FieldError;
import dev.myprofile.shared.problem.Problem;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The documented fields of a request body, checked in one pass: an unknown field, a wrong type, a
 * too-long or ill-formed value each become an entry in one 400 problem, so the client learns
 * everything that is wrong at once. Built once per container; parsing reflects on nothing.
 */
public final class ObjectSchema {
    private final Map<String, Field> fields;

    private ObjectSchema(Map<String, Field> fields) {
        this.fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    public static Builder builder() {
        return new Builder();
    }

    sealed interface Field permits StringField, IntegerField {
        boolean nullable();

        boolean required();
    }

    /** {@code check} refused is the field error {@code expected} with {@code params} filling its slots. */
    record StringField(int maxLength, boolean nullable, boolean required, Predicate<String> check, FieldCode expected,
                       List<String> params) implements Field {}

    record IntegerField(long min, long max, boolean nullable, boolean required) implements Field {}

    public static final class Builder {
        private final Map<String, Field> fields = new LinkedHashMap<>();

        /**
         * A string of valid {@link Text} (no unpaired surrogates, control or format characters),
         * normalised to NFC and trimmed of surrounding white space, then at most {@code maxLength}
         * characters (code points), never empty, and passing {@code check}; a value {@code check}
         * refuses is the field error {@code expected}, its slots filled by {@code params} in order.
         */
        public Builder string(String name, int maxLength, boolean nullable, Predicate<String> check, FieldCode expected,
                              String... params) {
            fields.put(name, field(maxLength, nullable, false, check, expected, params));
            return this;
        }

        public Builder string(String name, int maxLength, boolean nullable) {
            fields.put(name, new StringField(maxLength, nullable, false, s -> true, null, List.of()));
            return this;
        }

        /** A string the body must carry (never null). */
        public Builder requiredString(String name, int maxLength, Predicate<String> check, FieldCode expected, String... params) {
            fields.put(name, field(maxLength, false, true, check, expected, params));
            return this;
        }

        public Builder requiredString(String name, int maxLength) {
            fields.put(name, new StringField(maxLength, false, true, s -> true, null, List.of()));
            return this;
        }

        private static StringField field(int maxLength, boolean nullable, boolean required, Predicate<String> check,
                                         FieldCode expected, String... params) {
            new FieldError("", expected, params); // a code given the wrong parameters fails when the schema is built
            return new StringField(maxLength, nullable, required, check, expected, List.of(params));
        }

        public Builder integer(String name, long min, long max, boolean nullable) {
            fields.put(name, new IntegerField(min, max, nullable, false));
            return this;
        }

        public ObjectSchema build() {
            return new ObjectSchema(fields);
        }
    }

    /** The fields a body held, each either a value or an explicit null. */
    public static final class Values {
        private final Map<String, Optional<Object>> present;

        Values(Map<String, Optional<Object>> present) {
            this.present = present;
        }

        public boolean has(String name) {
            return present.containsKey(name);
        }

        public boolean isEmpty() {
            return present.isEmpty();
        }

        public Optional<String> string(String name) {
            return present.getOrDefault(name, Optional.empty()).map(String.class::cast);
        }

        public Optional<Long> integer(String name) {
            return present.getOrDefault(name, Optional.empty()).map(Long.class::cast);
        }
    }

    public Values parse(byte[] body) {
        List<FieldError> errors = new ArrayList<>();
        Map<String, Optional<Object>> present = new LinkedHashMap<>();
        try (JsonParser parser = Json.FACTORY.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw Problem.badRequest("The body must be a JSON object.");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken token = parser.nextToken();
                Field field = fields.get(name);
                if (field == null) {
                    errors.add(new FieldError(name, FieldCode.UNKNOWN_FIELD));
                    parser.skipChildren();
                } else if (token == JsonToken.VALUE_NULL) {
                    if (field.nullable()) {
                        present.put(name, Optional.empty());
                    } else {
                        errors.add(new FieldError(name, FieldCode.NOT_NULL));
                    }
                } else {
                    read(name, field, parser, token, present, errors);
                }
            }
            if (parser.nextToken() != null) {
                throw Problem.badRequest("The body has content after the JSON object.");
            }
        } catch (StreamConstraintsException e) {
            throw Problem.badRequest("The body is nested too deeply or holds a value that is too long.");
        } catch (IOException e) {
            throw Problem.badRequest("The body is not well-formed JSON" + duplicateHint(e) + ".");
        }
        fields.forEach((name, field) -> {
            if (field.required() && !present.containsKey(name) && errors.stream().noneMatch(e -> e.field().equals(name))) {
                errors.add(new FieldError(name, FieldCode.REQUIRED));
            }
        });
        if (!errors.isEmpty()) {
            throw Problem.invalid(errors);
        }
        return new Values(present);
    }

    private static String duplicateHint(IOException e) {
        String message = e.getMessage();
        return message != null && message.startsWith("Duplicate field") ? " (a field appears twice)" : "";
    }

    private static void read(String name, Field field, JsonParser parser, JsonToken token,
                             Map<String, Optional<Object>> present, List<FieldError> errors) throws IOException {
        if (field instanceof StringField s) {
            if (token != JsonToken.VALUE_STRING) {
                errors.add(new FieldError(name, FieldCode.NOT_STRING));
                parser.skipChildren();
                return;
            }
            String raw = parser.getText();
            Optional<FieldCode> notText = Text.problem(raw);
            if (notText.isPresent()) {
                errors.add(new FieldError(name, notText.get()));
                return;
            }
            String value = Text.normalize(raw);
            int length = value.codePointCount(0, value.length());
            if (value.isEmpty()) {
                errors.add(new FieldError(name, FieldCode.EMPTY));
            } else if (length > s.maxLength()) {
                errors.add(new FieldError(name, FieldCode.TOO_LONG, Integer.toString(s.maxLength())));
            } else if (!s.check().test(value)) {
                errors.add(new FieldError(name, s.expected(), s.params().toArray(String[]::new)));
            } else {
                present.put(name, Optional.of(value));
            }
        } else if (field instanceof IntegerField i) {
            if (token != JsonToken.VALUE_NUMBER_INT) {
                errors.add(new FieldError(name, FieldCode.NOT_WHOLE_NUMBER));
                parser.skipChildren();
                return;
            }
            FieldError range = new FieldError(name, FieldCode.OUT_OF_RANGE, Long.toString(i.min()), Long.toString(i.max()));
            long value;
            try {
                value = parser.getLongValue();
            } catch (InputCoercionException beyondLong) {
                errors.add(range);
                return;
            }
            if (value < i.min() || value > i.max()) {
                errors.add(range);
            } else {
                present.put(name, Optional.of(value));
            }
        }
    }
}
