package dev.wskit.echo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.testing.Clients;
import dev.wskit.testing.Deployment;
import dev.wskit.testing.EmbeddedTomcat;
import jakarta.websocket.Session;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The echo contract on the exploded WAR in embedded Tomcat 11, with Tomcat's own Jakarta client. Runs only in the
 * tomcat-test surefire execution (see the pom), never beside Jetty.
 */
class EchoOnEmbeddedTomcatTest extends EchoContract {

    private static EmbeddedTomcat server;

    @BeforeAll
    static void start() {
        server = EmbeddedTomcat.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Override
    protected Deployment server() {
        return server;
    }

    @Test
    void runsWithTomcatsOwnClientAndNoJettyOnTheClasspath() {
        String client = Clients.container().getClass().getName();
        assertTrue(client.startsWith("org.apache.tomcat.websocket."), "client container: " + client);
        assertTrue(getClass().getClassLoader().getResource("org/eclipse/jetty/server/Server.class") == null,
                "Jetty must not share the classpath with Tomcat");
        // The 2.1 API jar would shadow Tomcat 11's own API classes (NoSuchMethodError on SendResult).
        String api = Session.class.getProtectionDomain().getCodeSource().getLocation().toString();
        assertTrue(api.contains("tomcat-embed-websocket"), "jakarta.websocket.Session from " + api);
    }
}
