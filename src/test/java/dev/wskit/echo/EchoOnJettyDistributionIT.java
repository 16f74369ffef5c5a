package dev.wskit.echo;

import dev.wskit.testing.Deployment;
import dev.wskit.testing.ExternalServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The echo contract on the real Jetty distribution ({@code jetty-home}, unpacked by the build) started with the
 * repository's {@code jetty-base/} and the packaged {@code target/wskit.war} deployed as {@code webapps/ROOT.war}:
 * exactly the README's Deploy steps, on 127.0.0.1 and a port the OS chose. One server for the whole class.
 */
class EchoOnJettyDistributionIT extends EchoContract {

    private static ExternalServer server;

    @BeforeAll
    static void start() throws Exception {
        Path war = ExternalServer.pathProperty("wskit.war");
        Path work = Path.of("target", "it", "jetty").toAbsolutePath();
        Path base = work.resolve("jetty-base");
        ExternalServer.deleteTree(work);
        ExternalServer.copyTree(Path.of("jetty-base").toAbsolutePath(), base);
        Files.copy(war, base.resolve("webapps").resolve("ROOT.war"), StandardCopyOption.REPLACE_EXISTING);
        server = ExternalServer.jetty(base, work);
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
