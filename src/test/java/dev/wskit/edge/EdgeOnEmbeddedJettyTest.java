package dev.wskit.edge;

import dev.wskit.testing.Deployment;
import dev.wskit.testing.ServersBySettings;
import dev.wskit.testing.WskitServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;

/** The edge contract on the exploded WAR in embedded Jetty: one server per distinct set of settings. */
class EdgeOnEmbeddedJettyTest extends EdgeContract {

    private static final ServersBySettings<WskitServer> SERVERS = new ServersBySettings<>(WskitServer::start);

    @Override
    protected Deployment server(Map<String, String> settings) {
        return SERVERS.get(settings);
    }

    @AfterAll
    static void stop() throws Exception {
        SERVERS.close();
    }
}
