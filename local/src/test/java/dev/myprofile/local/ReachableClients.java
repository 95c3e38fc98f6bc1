package dev.myprofile.local;

import software.amazon.awssdk.core.SdkClient;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The AWS SDK clients an object holds, read from its fields (and theirs, through records, lambdas'
 * captured values, {@link Optional}s, collections and maps): what a built function already has before
 * its first request. A client not yet built (behind a supplier that builds it on first use) is not
 * found. Each client by its service's IAM prefix ({@link SdkClient#serviceName()}: {@code dynamodb},
 * {@code sns}, {@code ses}, {@code ssm}, {@code cognito-idp}, {@code s3}).
 */
final class ReachableClients {
    /** Libraries and the JDK hold no client of ours: not walked into (but their containers are, by their public API). */
    private static final String[] OPAQUE = {"java.", "javax.", "jdk.", "sun.", "com.sun.", "software.amazon.awssdk.",
            "com.fasterxml.", "com.nimbusds.", "org.slf4j.", "com.amazonaws."};

    private ReachableClients() {}

    static Set<String> services(Object root) {
        Set<String> services = new TreeSet<>();
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Object> next = new ArrayDeque<>();
        next.add(root);
        while (!next.isEmpty()) {
            Object object = next.poll();
            if (!seen.add(object)) {
                continue;
            }
            if (object instanceof SdkClient client) {
                services.add(client.serviceName());
            } else if (object instanceof Optional<?> optional) {
                optional.ifPresent(next::add);
            } else if (object instanceof Iterable<?> items) {
                items.forEach(item -> { if (item != null) next.add(item); });
            } else if (object instanceof Map<?, ?> map) {
                map.forEach((k, v) -> { if (k != null) next.add(k); if (v != null) next.add(v); });
            } else if (object.getClass().isArray() && !object.getClass().getComponentType().isPrimitive()) {
                for (int i = 0; i < Array.getLength(object); i++) {
                    Object item = Array.get(object, i);
                    if (item != null) next.add(item);
                }
            } else if (!opaque(object.getClass())) {
                for (Class<?> type = object.getClass(); type != null && !opaque(type); type = type.getSuperclass()) {
                    for (Field field : type.getDeclaredFields()) {
                        if (field.getType().isPrimitive()) {
                            continue;
                        }
                        Object value = read(field, object);
                        if (value != null) {
                            next.add(value);
                        }
                    }
                }
            }
        }
        return services;
    }

    private static boolean opaque(Class<?> type) {
        for (String prefix : OPAQUE) {
            if (type.getName().startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static Object read(Field field, Object owner) {
        try {
            field.setAccessible(true);
            return field.get(java.lang.reflect.Modifier.isStatic(field.getModifiers()) ? null : owner);
        } catch (IllegalAccessException | InaccessibleObjectException e) {
            throw new IllegalStateException("cannot read " + field, e);
        }
    }
}
