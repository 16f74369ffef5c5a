package dev.wskit.rooms;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.testing.Clients;
import dev.wskit.testing.Deployment;
import dev.wskit.testing.EmbeddedTomcat;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The rooms contract on the exploded WAR in embedded Tomcat 11, with Tomcat's own Jakarta client: one server per
 * distinct set of settings. Runs only in the tomcat-test surefire execution (see the pom), never beside Jetty.
 * Tomcat is where overlapping sends fail loudly (TEXT_FULL_WRITING), so every delivery the contract checks here
 * also proves the one-send-in-flight outbox.
 */
class RoomsOnEmbeddedTomcatTest extends RoomsContract {

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

    @Test
    void runsWithTomcatsOwnClientAndNoJettyOnTheClasspath() {
        String client = Clients.container().getClass().getName();
        assertTrue(client.startsWith("org.apache.tomcat.websocket."), "client container: " + client);
        assertTrue(getClass().getClassLoader().getResource("org/eclipse/jetty/server/Server.class") == null,
                "Jetty must not share the classpath with Tomcat");
    }
}
