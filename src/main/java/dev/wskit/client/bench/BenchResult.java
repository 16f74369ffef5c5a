package dev.wskit.client.bench;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What a bench run found: how many connections opened, the mode's own {@link Figures}, and the errors by kind.
 * Immutable.
 */
public record BenchResult(BenchOptions.Mode mode, List<URI> urls, int connections, long connectionsOpened, long connectionsFailed,
                          Figures figures, Map<String, Long> errors) {

    /** Figures of one mode, typed by the mode; {@link #fields} lists them in the order the summary shows them. */
    public interface Figures {
        List<Field> fields();
    }

    /**
     * One line of the summary: a name and a number, a text, null (nothing to measure), or nested {@link Figures}
     * (shown on one line, or as a JSON object).
     */
    public record Field(String name, Object value) {

        /** A number of seconds or milliseconds, to the thousandth. */
        static Field rounded(String name, double value) {
            return new Field(name, round(value));
        }

        /** {@code count} per second over {@code seconds}, to the thousandth. */
        static Field perSecond(String name, double count, double seconds) {
            return rounded(name, count / Math.max(1e-9, seconds));
        }

        static double round(double v) {
            return Math.round(v * 1000) / 1000.0;
        }
    }

    /** Percentiles of a latency histogram kept in microseconds, in milliseconds; null when nothing was measured. */
    public record Latency(Double p50, Double p90, Double p99, Double p999, Double max) implements Figures {

        public static Latency of(Histogram h) {
            return new Latency(ms(h, h.getValueAtPercentile(50)), ms(h, h.getValueAtPercentile(90)), ms(h, h.getValueAtPercentile(99)),
                    ms(h, h.getValueAtPercentile(99.9)), ms(h, h.getMaxValue()));
        }

        private static Double ms(Histogram h, long micros) {
            return h.getTotalCount() == 0 ? null : Field.round(micros / 1000.0);
        }

        @Override
        public List<Field> fields() {
            return List.of(new Field("p50", p50), new Field("p90", p90), new Field("p99", p99), new Field("p99.9", p999),
                    new Field("max", max));
        }
    }

    /** Every line of the summary, in order: the run, the connections, the mode's figures, the errors. */
    public List<Field> fields() {
        List<Field> all = new ArrayList<>();
        all.add(new Field("mode", mode.name()));
        all.add(new Field("url", String.join(" ", urls.stream().map(URI::toString).toList())));
        all.add(new Field("connections", connections));
        all.add(new Field("connectionsOpened", connectionsOpened));
        all.add(new Field("connectionsFailed", connectionsFailed));
        all.addAll(figures.fields());
        Figures byKind = () -> errors.entrySet().stream().map(e -> new Field(e.getKey(), e.getValue())).toList();
        all.add(new Field("errors", byKind));
        return all;
    }
}
