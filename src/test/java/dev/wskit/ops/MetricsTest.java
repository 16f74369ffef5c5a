package dev.wskit.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MetricsTest {

    private final Metrics metrics = Metrics.start();

    @AfterEach
    void close() {
        metrics.close();
    }

    @Test
    void countsAppearUnderTheirPrometheusNamesWithTheEndpointLabel() {
        EndpointMeters echo = metrics.endpoint(Endpoint.ECHO);
        echo.opened();
        echo.opened();
        echo.ended();
        echo.received(100, false);
        echo.received(28, true);
        echo.received(5, true);
        echo.sent(128, true);
        String text = metrics.scrape();
        assertTrue(text.contains("wskit_connections_active{endpoint=\"echo\"} 1.0\n"), text);
        assertTrue(text.contains("wskit_connections_total{endpoint=\"echo\"} 2.0\n"), text);
        assertTrue(text.contains("wskit_messages_received_total{endpoint=\"echo\"} 2.0\n"), text);
        assertTrue(text.contains("wskit_messages_received_bytes_total{endpoint=\"echo\"} 133.0\n"), text);
        assertTrue(text.contains("wskit_messages_sent_total{endpoint=\"echo\"} 1.0\n"), text);
        assertTrue(text.contains("wskit_messages_sent_bytes_total{endpoint=\"echo\"} 128.0\n"), text);
        assertTrue(text.contains("wskit_connections_active{endpoint=\"boards\"} 0.0\n"), "every endpoint from the start");
    }

    @Test
    void closesRefusalsOverflowsAndResumesAreCountedByLabel() {
        metrics.closed(Endpoint.ROOMS, 1012, "server");
        metrics.closed(Endpoint.ROOMS, 1012, "server");
        metrics.closed(Endpoint.ECHO, 4321, "client");
        metrics.refused("origin");
        metrics.refused("knob");
        metrics.refused("knob");
        metrics.overflowed(Endpoint.BOARDS);
        metrics.resumed(true);
        metrics.resumed(false);
        metrics.resumed(false);
        String text = metrics.scrape();
        assertTrue(text.contains("wskit_closes_total{by=\"server\",code=\"1012\",endpoint=\"rooms\"} 2.0\n"), text);
        assertTrue(text.contains("wskit_closes_total{by=\"client\",code=\"4xxx\",endpoint=\"echo\"} 1.0\n"), text);
        assertTrue(text.contains("wskit_handshakes_rejected_total{reason=\"knob\"} 2.0\n"), text);
        assertTrue(text.contains("wskit_handshakes_rejected_total{reason=\"origin\"} 1.0\n"), text);
        assertTrue(text.contains("wskit_outbox_overflows_total{endpoint=\"boards\"} 1.0\n"), text);
        assertTrue(text.contains("wskit_resumes_total{result=\"complete\"} 1.0\n"), text);
        assertTrue(text.contains("wskit_resumes_total{result=\"gap\"} 2.0\n"), text);
    }

    @Test
    void closeCodesAreGroupedSoClientsCannotMultiplySeries() {
        assertEquals("1000", Metrics.codeLabel(1000));
        assertEquals("1015", Metrics.codeLabel(1015));
        assertEquals("other", Metrics.codeLabel(1016));
        assertEquals("3xxx", Metrics.codeLabel(3000));
        assertEquals("3xxx", Metrics.codeLabel(3999));
        assertEquals("4xxx", Metrics.codeLabel(4000));
        assertEquals("4xxx", Metrics.codeLabel(4999));
        assertEquals("other", Metrics.codeLabel(5000));
        assertEquals("other", Metrics.codeLabel(999));
    }

    @Test
    void roomGaugesReadTheirSuppliersWhenScraped() {
        AtomicInteger rooms = new AtomicInteger(3);
        metrics.bindRooms(Endpoint.ROOMS, rooms::get, () -> 7);
        rooms.set(4);
        String text = metrics.scrape();
        assertTrue(text.contains("wskit_rooms_open{endpoint=\"rooms\"} 4.0\n"), text);
        assertTrue(text.contains("wskit_room_members{endpoint=\"rooms\"} 7.0\n"), text);
    }

    @Test
    void jvmMetersAreBound() {
        String text = metrics.scrape();
        for (String name : new String[] {"jvm_memory_used_bytes", "jvm_threads_live_threads", "jvm_gc_",
                "jvm_classes_loaded_classes", "process_uptime_seconds", "system_cpu_count"}) {
            assertTrue(text.contains(name), name);
        }
    }

    @Test
    void disabledMetricsCountNothingAndHaveNothingToShow() {
        Metrics off = Metrics.disabled();
        assertFalse(off.enabled());
        off.endpoint(Endpoint.ECHO).opened();
        off.endpoint(Endpoint.ECHO).received(10, true);
        off.refused("knob");
        off.closed(Endpoint.ECHO, 1000, "client");
        assertEquals(0, off.endpoint(Endpoint.ECHO).active());
        assertThrows(IllegalStateException.class, off::scrape);
        off.close();
    }
}
