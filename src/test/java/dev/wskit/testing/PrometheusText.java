package dev.wskit.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A scrape of wskit's {@code GET /metrics}, as sample lines keyed exactly as printed: {@code name{labels}} (Micrometer
 * writes labels sorted by name), e.g. {@code wskit_closes_total{by="client",code="1000",endpoint="echo"}}. Immutable.
 */
public record PrometheusText(String text, Map<String, Double> samples) {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public static PrometheusText parse(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return new PrometheusText(text, Map.copyOf(samples));
    }

    /** GETs and parses {@code metrics}, which must answer 200. */
    public static PrometheusText scrape(URI metrics) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(metrics).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new AssertionError(metrics + " answered " + r.statusCode() + ": " + r.body());
            }
            return parse(r.body());
        } catch (IOException e) {
            throw new AssertionError("could not scrape " + metrics, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The sample's value; 0 when the series does not exist (a counter never incremented is not printed). */
    public double value(String key) {
        return samples.getOrDefault(key, 0.0);
    }

    /** The sample's value as a whole number, for counters. */
    public long count(String key) {
        return Math.round(value(key));
    }
}
