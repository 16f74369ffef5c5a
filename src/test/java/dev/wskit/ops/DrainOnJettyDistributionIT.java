package dev.wskit.ops;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.testing.ExternalServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A redeploy on the real Jetty distribution with clients connected: {@code webapps/ROOT.war} is replaced while
 * clients of every endpoint are open; the deployer (scanning, {@code jetty-base/start.d/ee10-deploy.ini}) starts the
 * new version and stops the old, whose drain tells every client 1012; the room's members then rejoin the new version
 * and miss nothing its history holds.
 */
class DrainOnJettyDistributionIT {

    @Test
    void replacingTheWarTellsEveryClientToReconnectAndMembersResume() throws Exception {
        Path war = ExternalServer.pathProperty("wskit.war");
        Path work = Path.of("target", "it", "jetty-redeploy").toAbsolutePath();
        Path base = work.resolve("jetty-base");
        ExternalServer.deleteTree(work);
        ExternalServer.copyTree(Path.of("jetty-base").toAbsolutePath(), base);
        Path deployed = base.resolve("webapps").resolve("ROOT.war");
        Files.copy(war, deployed, StandardCopyOption.REPLACE_EXISTING);
        try (ExternalServer server = ExternalServer.jetty(base, work)) {
            RestartScenario scenario = new RestartScenario();
            scenario.connect(server);

            // A new WAR, as a deployment pipeline drops it: written beside, then moved over the old one.
            Path next = base.resolve("ROOT.war.next");
            Files.copy(war, next, StandardCopyOption.REPLACE_EXISTING);
            Files.setLastModifiedTime(next, FileTime.from(Instant.now().plusSeconds(2)));
            Files.move(next, deployed, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

            scenario.assertEveryClientToldToReconnect();
            scenario.resumeOn(server);
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.readString(server.log(), java.nio.charset.StandardCharsets.ISO_8859_1).contains("drain | done"));
            String log = Files.readString(server.log(), java.nio.charset.StandardCharsets.ISO_8859_1);
            assertTrue(log.contains("wskit | drain | telling 5 connection(s) to reconnect"), log);
        }
    }
}
