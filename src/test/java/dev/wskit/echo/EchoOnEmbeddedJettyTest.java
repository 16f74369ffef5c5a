package dev.wskit.echo;

import dev.wskit.testing.Deployment;
import dev.wskit.testing.WskitServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The echo contract on the exploded WAR in embedded Jetty. */
class EchoOnEmbeddedJettyTest extends EchoContract {

    private static WskitServer server;

    @BeforeAll
    static void start() {
        server = WskitServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Override
    protected Deployment server() {
        return server;
    }
}
