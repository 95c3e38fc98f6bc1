package dev.myprofile.shared.log;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.myprofile.shared.json.Json;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;

/**
 * One JSON object per line on standard output, which Lambda sends to CloudWatch Logs. Callers pass
 * name/value pairs; nothing secret is ever passed (no tokens, codes, passwords, full phone numbers).
 * The request id is bound to the thread for the length of a request.
 */
public final class Log {
    private static final ThreadLocal<String> REQUEST_ID = new ThreadLocal<>();
    private static volatile PrintStream out = System.out;

    private Log() {}

    /** Sends the lines elsewhere (a test reading what is logged); returns where they went before. */
    public static PrintStream redirect(PrintStream to) {
        PrintStream before = out;
        out = to;
        return before;
    }

    public static void bindRequest(String requestId) {
        REQUEST_ID.set(requestId);
    }

    public static void unbindRequest() {
        REQUEST_ID.remove();
    }

    public static void info(String event, Object... fields) {
        write("INFO", event, fields);
    }

    public static void warn(String event, Object... fields) {
        write("WARN", event, fields);
    }

    public static void error(String event, Object... fields) {
        write("ERROR", event, fields);
    }

    private static void write(String level, String event, Object... fields) {
        String line = Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("time", Instant.now().toString());
            g.writeStringField("level", level);
            g.writeStringField("event", event);
            String requestId = REQUEST_ID.get();
            if (requestId != null) {
                g.writeStringField("requestId", requestId);
            }
            for (int i = 0; i + 1 < fields.length; i += 2) {
                writeField(g, String.valueOf(fields[i]), fields[i + 1]);
            }
            g.writeEndObject();
        });
        out.println(line);
    }

    private static void writeField(JsonGenerator g, String name, Object value) throws IOException {
        if (value instanceof Number n) {
            g.writeFieldName(name);
            if (n instanceof Double || n instanceof Float) {
                g.writeNumber(n.doubleValue());
            } else {
                g.writeNumber(n.longValue());
            }
        } else if (value instanceof Boolean b) {
            g.writeBooleanField(name, b);
        } else {
            g.writeStringField(name, String.valueOf(value));
        }
    }
}
