package dev.wskit.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wskit.testing.EmbeddedTomcat;
import dev.wskit.testing.PrometheusText;
import dev.wskit.testing.RawWebSocket;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Stopping Tomcat with clients connected: wskit's drain runs before Tomcat's {@code WsContextListener} closes the
 * sessions with 1001 (see {@code DrainFirst}), so a client of every endpoint reads a close frame with 1012. Runs in
 * the tomcat-test execution. The clients are bare sockets that read the close frame off the wire: Tomcat's own
 * Jakarta client reports a received 1012 as 1002 (it maps codes RFC 6455 did not list to 1002), as it does 1013.
 */
class DrainOnEmbeddedTomcatTest {

    @Test
    void stoppingTomcatTellsEveryClientToReconnectBeforeTomcatClosesThem() throws Exception {
        EmbeddedTomcat tomcat = EmbeddedTomcat.start();
        Map<String, RawWebSocket> clients = new LinkedHashMap<>();
        try {
            for (String path : new String[] {"/echo", "/inspect", "/rooms/drain", "/boards/drain"}) {
                RawWebSocket c = RawWebSocket.connect(tomcat.ws(path), Map.of());
                assertEquals(101, c.status(), path);
                clients.put(path, c);
            }
            clients.get("/echo").sendText("ping");
            assertEquals("ping", clients.get("/echo").read().text());
            clients.get("/inspect").read();
            clients.get("/rooms/drain").sendText("{\"type\":\"join\",\"nick\":\"ann\"}");
            while (!clients.get("/rooms/drain").read().text().contains("\"event\":\"here\"")) {
                // presence of the join first
            }
            clients.get("/boards/drain").read();
            // Counting on Tomcat too: the room's text is read whole and decoded by its declared decoder, which
            // measures it on the thread that then calls the endpoint.
            PrometheusText m = PrometheusText.scrape(tomcat.http("/metrics"));
            assertEquals(1, m.count("wskit_messages_received_total{endpoint=\"rooms\"}"));
            assertEquals("{\"type\":\"join\",\"nick\":\"ann\"}".length(),
                    m.count("wskit_messages_received_bytes_total{endpoint=\"rooms\"}"));
            assertEquals(4, m.count("wskit_messages_received_bytes_total{endpoint=\"echo\"}"));

            CompletableFuture<Void> stop = CompletableFuture.runAsync(() -> {
                try {
                    tomcat.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            for (Map.Entry<String, RawWebSocket> e : clients.entrySet()) {
                RawWebSocket.Frame close = e.getValue().readUntilClose();
                assertEquals(1012, close.closeCode(), e.getKey() + ": " + close.closeReason());
                assertEquals(Connections.RESTART_REASON, close.closeReason(), e.getKey());
                e.getValue().close(); // leaves without answering, so nothing waits on it
            }
            stop.get(60, TimeUnit.SECONDS);
        } catch (AssertionError | RuntimeException e) {
            tomcat.close();
            throw e;
        } finally {
            for (RawWebSocket c : clients.values()) {
                c.close();
            }
        }
    }
}
