package dev.wskit.echo;

import dev.wskit.testing.Deployment;
import dev.wskit.testing.ExternalServer;
import dev.wskit.testing.TomcatDistribution;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The echo contract on the real Tomcat 11 distribution ({@link TomcatDistribution}: its own CATALINA_BASE, the
 * packaged {@code target/wskit.war} served under {@code /wskit}). One server for the class;
 * the client is the Jetty Jakarta client of this JVM, so this is also a cross-implementation check.
 */
class EchoOnTomcatDistributionIT extends EchoContract {

    private static ExternalServer server;

    @BeforeAll
    static void start() {
        server = TomcatDistribution.start("tomcat", Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected Deployment server() {
        return server;
    }
}
