package dev.wskit.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The real Tomcat 11 distribution (unpacked by the build into {@code target/dist/}) running the packaged
 * {@code target/wskit.war} in a child process, as the README's Deploy section does: its own CATALINA_BASE under
 * {@code target/it/NAME/} (the stock {@code conf/} with {@code src/test/tomcat/conf/server.xml}: 127.0.0.1, port 0,
 * no shutdown port), the WAR in {@code webapps/wskit.war}, so it is served under {@code /wskit}; started as
 * {@code catalina.sh run} would, without the shell script. wskit settings go in as system properties, as
 * {@code CATALINA_OPTS=-Dwskit...} would. Only for failsafe ITs (the build sets {@code wskit.tomcatHome} and
 * {@code wskit.war}).
 *
 * <p>Not thread-safe: start it from the test thread.
 */
public final class TomcatDistribution {

    /** "Starting ProtocolHandler ["http-nio-127.0.0.1-auto-1-41234"]": the connector's name gains its bound port. */
    private static final Pattern PORT = Pattern.compile("\"http-nio-127\\.0\\.0\\.1-auto-\\d+-(\\d+)\"");
    private static final Pattern READY = Pattern.compile("Server startup in");

    private TomcatDistribution() {
    }

    /** Starts Tomcat named {@code name} (its directory under {@code target/it/}) with these wskit settings. */
    public static ExternalServer start(String name, Map<String, String> settings) {
        Path home = ExternalServer.pathProperty("wskit.tomcatHome");
        Path war = ExternalServer.pathProperty("wskit.war");
        Path work = Path.of("target", "it", name).toAbsolutePath();
        Path base = work.resolve("tomcat-base");
        ExternalServer.deleteTree(work);
        ExternalServer.copyTree(home.resolve("conf"), base.resolve("conf"));
        try {
            Files.copy(Path.of("src", "test", "tomcat", "conf", "server.xml"), base.resolve("conf").resolve("server.xml"),
                    StandardCopyOption.REPLACE_EXISTING);
            for (String dir : List.of("webapps", "logs", "temp", "work")) {
                Files.createDirectories(base.resolve(dir));
            }
            Files.copy(war, base.resolve("webapps").resolve("wskit.war"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>(List.of(ExternalServer.java(), "-Xmx512m",
                // What catalina.sh adds, so Tomcat's leak detection works as it does in production.
                "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
                "--add-opens=java.base/java.util=ALL-UNNAMED",
                "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
                "--add-opens=java.rmi/sun.rmi.transport=ALL-UNNAMED",
                "-Djava.util.logging.manager=org.apache.juli.ClassLoaderLogManager",
                "-Djava.util.logging.config.file=" + base.resolve("conf").resolve("logging.properties"),
                "-Dcatalina.home=" + home, "-Dcatalina.base=" + base,
                "-Djava.io.tmpdir=" + base.resolve("temp")));
        settings.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-cp", home.resolve("bin").resolve("bootstrap.jar") + java.io.File.pathSeparator
                        + home.resolve("bin").resolve("tomcat-juli.jar"),
                "org.apache.catalina.startup.Bootstrap", "start"));
        return ExternalServer.start(name, command, base, work.resolve("tomcat.log"), READY, PORT, "/wskit");
    }
}
