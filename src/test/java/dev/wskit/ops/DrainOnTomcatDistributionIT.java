package dev.wskit.ops;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.testing.ExternalServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Stopping the real Tomcat 11 distribution with clients connected, as an operator's SIGTERM does: every client of
 * every endpoint reads 1012 (wskit drains before Tomcat's own WebSocket shutdown closes sessions with 1001); Tomcat is
 * started again and the room's members rejoin it and miss nothing its history holds. Tomcat's setup as in
 * {@code EchoOnTomcatDistributionIT}; the client is Jetty's, which reports 1012 as sent (Tomcat's client says 1002).
 */
class DrainOnTomcatDistributionIT {

    @Test
    void stoppingTomcatTellsEveryClientToReconnectAndMembersResumeOnTheNextStart() throws Exception {
        Path work = Path.of("target", "it", "tomcat-restart").toAbsolutePath();
        ExternalServer.deleteTree(work);
        Path base = work.resolve("tomcat-base");
        ExternalServer.tomcatBase(base);

        RestartScenario scenario = new RestartScenario();
        ExternalServer first = ExternalServer.tomcat(base, work.resolve("tomcat-1.log"));
        try {
            scenario.connect(first);
        } finally {
            first.close(); // SIGTERM: Tomcat's shutdown hook stops the context, and wskit drains
        }
        scenario.assertEveryClientToldToReconnect();
        String log = Files.readString(first.log(), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(log.contains("wskit | drain | telling 5 connection(s) to reconnect"), log);
        assertTrue(log.contains("wskit | drain | done"), log);

        try (ExternalServer second = ExternalServer.tomcat(base, work.resolve("tomcat-2.log"))) {
            scenario.resumeOn(second);
        }
    }
}
