package dev.wskit.edge;

import dev.wskit.testing.Deployment;
import dev.wskit.testing.EmbeddedTomcat;
import dev.wskit.testing.ServersBySettings;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;

/**
 * The edge contract on the exploded WAR in embedded Tomcat 11 with Tomcat's own client (the tomcat-test surefire
 * execution): the admission's hand-over through the handshake and the pings on the container where overlapping
 * sends fail loudly.
 */
class EdgeOnEmbeddedTomcatTest extends EdgeContract {

    private static final ServersBySettings<EmbeddedTomcat> SERVERS = new ServersBySettings<>(EmbeddedTomcat::start);

    @Override
    protected Deployment server(Map<String, String> settings) {
        return SERVERS.get(settings);
    }

    @AfterAll
    static void stop() throws Exception {
        SERVERS.close();
    }
}
