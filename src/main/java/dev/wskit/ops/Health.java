package dev.wskit.ops;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Liveness and readiness. Live: the web application is deployed and answering. Ready: it takes new connections,
 * which is every named {@link Check} passing: {@code drain} (not draining) from the start, and whatever else registers
 * (a backplane that must be reachable adds its own).
 *
 * <p>Thread-safe: checks may be added at any time; each is called on the request's thread and must be quick.
 */
public final class Health {

    /** One readiness condition. */
    @FunctionalInterface
    public interface Check {
        Result check();
    }

    /** A check's answer: whether it passes, and a short human detail. */
    public record Result(boolean up, String detail) {
        public static Result up(String detail) {
            return new Result(true, detail);
        }

        public static Result down(String detail) {
            return new Result(false, detail);
        }
    }

    /** Readiness as a whole: up when every check is. */
    public record Report(boolean up, Map<String, Result> checks) {
        /** {@code {"status":"up","checks":{"drain":{"status":"up","detail":"..."}}}} */
        public String json() {
            StringWriter out = new StringWriter();
            try (JsonGenerator g = JSON.createGenerator(out)) {
                g.writeStartObject();
                g.writeStringField("status", up ? "up" : "down");
                g.writeObjectFieldStart("checks");
                for (Map.Entry<String, Result> e : checks.entrySet()) {
                    g.writeObjectFieldStart(e.getKey());
                    g.writeStringField("status", e.getValue().up() ? "up" : "down");
                    g.writeStringField("detail", e.getValue().detail());
                    g.writeEndObject();
                }
                g.writeEndObject();
                g.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toString();
        }
    }

    private static final JsonFactory JSON = new JsonFactory();

    private final Map<String, Check> checks = new ConcurrentHashMap<>();

    /** Readiness with the drain's check. */
    public Health(Connections connections) {
        add("drain", () -> connections.draining()
                ? Result.down("draining for a restart: new connections are refused")
                : Result.up("accepting connections"));
    }

    /** Adds (or replaces) a named readiness check. */
    public void add(String name, Check check) {
        checks.put(name, check);
    }

    /** Every check, by name; a check that throws counts as down with the exception as its detail. */
    public Report ready() {
        Map<String, Result> results = new ConcurrentSkipListMap<>();
        boolean up = true;
        for (Map.Entry<String, Check> e : checks.entrySet()) {
            Result r;
            try {
                r = e.getValue().check();
            } catch (RuntimeException x) {
                r = Result.down("check failed: " + x);
            }
            results.put(e.getKey(), r);
            up &= r.up();
        }
        return new Report(up, results);
    }

    /** Liveness: answering at all is the proof; the body says so. */
    public Report live() {
        return new Report(true, Map.of("application", Result.up("deployed and answering")));
    }
}
