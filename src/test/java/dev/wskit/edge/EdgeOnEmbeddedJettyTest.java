package dev.wskit.edge;

import dev.wskit.testing.Deployment;
import dev.wskit.testing.WskitServer;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;

/** The edge contract on the exploded WAR in embedded Jetty: one server per distinct set of settings. */
class EdgeOnEmbeddedJettyTest extends EdgeContract {

    private static final Map<Map<String, String>, WskitServer> SERVERS = new HashMap<>();

    @Override
    protected Deployment server(Map<String, String> settings) {
        return SERVERS.computeIfAbsent(settings, WskitServer::start);
    }

    @AfterAll
    static void stop() throws Exception {
        for (WskitServer s : SERVERS.values()) {
            s.close();
        }
        SERVERS.clear();
    }
}
