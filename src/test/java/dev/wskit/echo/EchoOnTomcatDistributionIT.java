package dev.wskit.echo;

import dev.wskit.testing.Deployment;
import dev.wskit.testing.ExternalServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The echo contract on the real Tomcat 11 distribution (unpacked by the build), with its own CATALINA_BASE: the
 * stock {@code conf/} with {@code src/test/tomcat/conf/server.xml} (127.0.0.1, port 0, no shutdown port) and the
 * packaged {@code target/wskit.war} dropped into {@code webapps/}, so it is served under the context path
 * {@code /wskit}. Started as {@code catalina.sh run} would, without the shell script. One server for the class;
 * the client is the Jetty Jakarta client of this JVM, so this is also a cross-implementation check.
 */
class EchoOnTomcatDistributionIT extends EchoContract {

    private static ExternalServer server;

    @BeforeAll
    static void start() throws Exception {
        Path work = Path.of("target", "it", "tomcat").toAbsolutePath();
        ExternalServer.deleteTree(work);
        Path base = work.resolve("tomcat-base");
        ExternalServer.tomcatBase(base);
        server = ExternalServer.tomcat(base, work.resolve("tomcat.log"));
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
