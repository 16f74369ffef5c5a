package dev.wskit.client.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Locale;

/**
 * Prints a {@link BenchResult} to standard output: one line per field ({@code name  value}; nested figures on one
 * line, {@code none} when empty), or with {@code --json} one JSON object. The same for every mode. Stateless.
 */
final class BenchReport {

    private BenchReport() {
    }

    static void print(BenchResult result, boolean json, PrintWriter out) throws IOException {
        if (json) {
            StringWriter buffer = new StringWriter();
            try (JsonGenerator g = new JsonFactory().createGenerator(buffer)) {
                writeObject(g, result.fields());
            }
            out.println(buffer);
            return;
        }
        for (BenchResult.Field f : result.fields()) {
            String value;
            if (f.value() instanceof BenchResult.Figures nested) {
                StringBuilder line = new StringBuilder();
                nested.fields().forEach(n -> line.append(n.name()).append(' ').append(n.value()).append("  "));
                value = line.length() == 0 ? "none" : line.toString().trim();
            } else {
                value = String.valueOf(f.value());
            }
            out.println(String.format(Locale.ROOT, "%-30s %s", f.name(), value));
        }
    }

    private static void writeObject(JsonGenerator g, List<BenchResult.Field> fields) throws IOException {
        g.writeStartObject();
        for (BenchResult.Field f : fields) {
            g.writeFieldName(f.name());
            Object v = f.value();
            if (v == null) {
                g.writeNull();
            } else if (v instanceof BenchResult.Figures nested) {
                writeObject(g, nested.fields());
            } else if (v instanceof Double d) {
                g.writeNumber(d);
            } else if (v instanceof Number n) {
                g.writeNumber(n.longValue());
            } else if (v instanceof Boolean b) {
                g.writeBoolean(b);
            } else {
                g.writeString(String.valueOf(v));
            }
        }
        g.writeEndObject();
    }
}
