package dev.wskit.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.testing.BrowserFixture;
import dev.wskit.testing.BrowserWindow;
import dev.wskit.testing.WskitServer;
import jakarta.websocket.CloseReason.CloseCodes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The status page ({@code /status.html}) in real Chromium against wskit in embedded Jetty: it polls {@code /metrics}
 * every second and draws connections, messages and bytes per second, closes by code and rooms open while a load
 * runs; it says so when {@code /metrics} is refused. Screenshots in {@code target/screenshots/status-*.png}.
 */
class StatusPageTest {

    @RegisterExtension
    static final BrowserFixture browsers = new BrowserFixture();

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close(); // the load before its server
        }
    }

    private WskitServer server(Map<String, String> settings) {
        WskitServer s = WskitServer.start(settings);
        toClose.add(s);
        return s;
    }

    /** Readings the page has taken so far. */
    private static long samples(BrowserWindow page) {
        return ((Number) page.script("return window.wskitStatus.samples")).longValue();
    }

    /** Non-blank pixels of a canvas: a chart that drew a line has some. */
    private static long inked(BrowserWindow page, String id) {
        return ((Number) page.script("""
                const c = document.getElementById(arguments[0]);
                const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                let n = 0;
                for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
                return n;
                """, id)).longValue();
    }

    @Test
    void drawsAndUpdatesEverySecondWhileALoadRuns() throws Exception {
        WskitServer server = server(Map.of());
        BrowserWindow page = browsers.open().go(server.http("/status.html"));
        page.waitUntil(d -> samples(page) >= 2);
        assertEquals("0", page.text("#value-connections"));
        long blankConnections = inked(page, "chart-connections");

        // The load: three echo clients round-tripping as fast as they can, and two room members.
        AtomicBoolean running = new AtomicBoolean(true);
        List<CompletableFuture<Void>> load = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Counted c = new Counted(server.ws("/echo"));
            load.add(CompletableFuture.runAsync(() -> {
                try {
                    while (running.get()) {
                        c.text("status page load " + "x".repeat(100));
                        c.nextText();
                    }
                    c.close(CloseCodes.NORMAL_CLOSURE, "");
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        Counted ann = Counted.joined(server.ws("/rooms/status"), "ann");
        Counted bob = Counted.joined(server.ws("/rooms/status"), "bob");
        toClose.add(() -> {
            running.set(false);
            CompletableFuture.allOf(load.toArray(CompletableFuture[]::new)).get();
        });

        page.waitUntil(d -> page.text("#value-connections").equals("5"), Duration.ofSeconds(20));
        page.waitUntil(d -> !page.text("#value-messages").startsWith("0 in"), Duration.ofSeconds(20));
        assertTrue(page.text("#value-messages").matches("\\d[\\d.k]* in · \\d[\\d.k]* out"), page.text("#value-messages"));
        assertTrue(page.text("#value-bytes").matches("\\d[\\d.]* (B|KiB|MiB) in · \\d[\\d.]* (B|KiB|MiB) out"),
                page.text("#value-bytes"));
        assertEquals("1 rooms · 0 boards · 2 members", page.text("#value-rooms"));
        assertTrue(page.text("#legend-connections").contains("echo 3 · inspect 0 · rooms 2 · boards 0"),
                page.text("#legend-connections"));

        // It keeps updating: more readings, more drawing, ink on the charts.
        long before = samples(page);
        long draws = ((Number) page.script("return window.wskitStatus.charts.messages.draws")).longValue();
        page.waitUntil(d -> samples(page) >= before + 2, Duration.ofSeconds(10));
        assertTrue(((Number) page.script("return window.wskitStatus.charts.messages.draws")).longValue() >= draws + 2);
        for (String chart : List.of("chart-connections", "chart-messages", "chart-bytes", "chart-rooms")) {
            assertTrue(inked(page, chart) > blankConnections, chart + " has drawn its lines");
        }

        bob.close(CloseCodes.NORMAL_CLOSURE, "");
        page.waitUntil(d -> page.all("#close-codes li[data-code='1000']").size() == 1, Duration.ofSeconds(10));
        assertTrue(page.text("#close-codes").contains("1000: 1"), page.text("#close-codes"));
        page.screenshot("status-under-load");
        assertTrue(page.text("#poll-status").startsWith("updated "), page.text("#poll-status"));
        List<String> severe = page.consoleMessages().stream().filter(m -> m.contains("SEVERE")).toList();
        assertEquals(List.of(), severe, "errors in the browser console");
        ann.close(CloseCodes.NORMAL_CLOSURE, "");
    }

    @Test
    void saysWhyWhenMetricsAreRefusedAndFitsAPhone() {
        WskitServer server = server(Map.of("wskit.ops.allowedAddresses", "10.0.0.0/8"));
        BrowserWindow page = browsers.open(BrowserFixture.PHONE).go(server.http("/status.html"));
        page.waitUntil(d -> page.find("#poll-status").getDomAttribute("data-kind").equals("bad"));
        assertEquals("/metrics answered 403: /metrics answers wskit.ops.allowedAddresses (10.0.0.0/8) only,"
                + " not 127.0.0.1.", page.text("#poll-status"));
        Boolean fits = (Boolean) page.script("return document.documentElement.scrollWidth <= innerWidth");
        assertTrue(fits, "no sideways scrolling at " + BrowserFixture.PHONE);
        page.screenshot("status-refused-phone");
    }

    @Test
    void readsThePrometheusTextFormat() {
        WskitServer server = server(Map.of());
        BrowserWindow page = browsers.open().go(server.http("/status.html"));
        Object parsed = page.asyncScript("""
                const done = arguments[arguments.length - 1];
                import('/status/prometheus.js').then((m) => {
                  const s = m.parse('# HELP x_total help\\n# TYPE x_total counter\\n'
                    + 'x_total{endpoint="echo",reason="a \\\\"b\\\\" \\\\\\\\ c"} 3.0\\n'
                    + 'x_total{endpoint="rooms"} 4\\n'
                    + 'y 1.5e3 1712345678000\\n'
                    + 'broken{endpoint="echo} 1\\n\\n');
                  done([s.length, s[0].labels.reason, m.sum(s, 'x_total'), m.sum(s, 'x_total', {endpoint: 'rooms'}),
                        m.sum(s, 'y'), JSON.stringify(m.byLabel(s, 'x_total', 'endpoint')),
                        m.rate(10, 25, 1.5), m.rate(30, 5, 1), m.rate(undefined, 5, 1)]);
                });
                """);
        assertEquals(List.of(3L, "a \"b\" \\ c", 7L, 4L, 1500L, "{\"echo\":3,\"rooms\":4}", 10L, 5L), ((List<?>) parsed)
                .subList(0, 8));
        assertEquals(null, ((List<?>) parsed).get(8), "no rate without a previous reading");
    }
}
