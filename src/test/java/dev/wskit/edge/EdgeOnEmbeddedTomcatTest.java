package dev.wskit.edge;

import dev.wskit.testing.Deployment;
import dev.wskit.testing.EmbeddedTomcat;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;

/**
 * The edge contract on the exploded WAR in embedded Tomcat 11 with Tomcat's own client (the tomcat-test surefire
 * execution): the admission's hand-over through the handshake and the pings on the container where overlapping
 * sends fail loudly.
 */
class EdgeOnEmbeddedTomcatTest extends EdgeContract {

    private static final Map<Map<String, String>, EmbeddedTomcat> SERVERS = new HashMap<>();

    @Override
    protected Deployment server(Map<String, String> settings) {
        return SERVERS.computeIfAbsent(settings, EmbeddedTomcat::start);
    }

    @AfterAll
    static void stop() throws Exception {
        for (EmbeddedTomcat s : SERVERS.values()) {
            s.close();
        }
        SERVERS.clear();
    }
}
