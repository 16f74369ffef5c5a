package dev.wskit.echo;

import dev.wskit.testing.Deployment;
import dev.wskit.testing.ExternalServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.regex.Pattern;
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

    /** "Starting ProtocolHandler ["http-nio-127.0.0.1-auto-1-41234"]": the connector's name gains its bound port. */
    private static final Pattern PORT = Pattern.compile("\"http-nio-127\\.0\\.0\\.1-auto-\\d+-(\\d+)\"");
    private static final Pattern READY = Pattern.compile("Server startup in");

    private static ExternalServer server;

    @BeforeAll
    static void start() throws Exception {
        Path home = ExternalServer.pathProperty("wskit.tomcatHome");
        Path war = ExternalServer.pathProperty("wskit.war");
        Path work = Path.of("target", "it", "tomcat").toAbsolutePath();
        Path base = work.resolve("tomcat-base");
        ExternalServer.deleteTree(work);
        ExternalServer.copyTree(home.resolve("conf"), base.resolve("conf"));
        Files.copy(Path.of("src", "test", "tomcat", "conf", "server.xml"), base.resolve("conf").resolve("server.xml"),
                StandardCopyOption.REPLACE_EXISTING);
        for (String dir : List.of("webapps", "logs", "temp", "work")) {
            Files.createDirectories(base.resolve(dir));
        }
        Files.copy(war, base.resolve("webapps").resolve("wskit.war"));
        server = ExternalServer.start("tomcat-distribution", List.of(
                        ExternalServer.java(), "-Xmx512m",
                        // What catalina.sh adds, so Tomcat's leak detection works as it does in production.
                        "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
                        "--add-opens=java.base/java.util=ALL-UNNAMED",
                        "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
                        "--add-opens=java.rmi/sun.rmi.transport=ALL-UNNAMED",
                        "-Djava.util.logging.manager=org.apache.juli.ClassLoaderLogManager",
                        "-Djava.util.logging.config.file=" + base.resolve("conf").resolve("logging.properties"),
                        "-Dcatalina.home=" + home, "-Dcatalina.base=" + base,
                        "-Djava.io.tmpdir=" + base.resolve("temp"),
                        "-cp", home.resolve("bin").resolve("bootstrap.jar") + java.io.File.pathSeparator
                                + home.resolve("bin").resolve("tomcat-juli.jar"),
                        "org.apache.catalina.startup.Bootstrap", "start"),
                base, work.resolve("tomcat.log"), READY, PORT, "/wskit");
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
