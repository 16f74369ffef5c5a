package dev.wskit.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The README's Deploy steps on the real distributions the build unpacks into {@code target/dist/}, each in its own
 * directory under {@code target/it/NAME/}, on 127.0.0.1 and ports the OS chooses: Jetty with a copy of the
 * repository's {@code jetty-base/} and {@code target/wskit.war} as {@code webapps/ROOT.war}; Tomcat with its own
 * CATALINA_BASE (the stock {@code conf/} and a given server.xml) and the WAR as {@code webapps/wskit.war}, at
 * {@code /wskit}. Stateless.
 */
public final class Distributions {

    /** "Started oejs.ServerConnector@1a2b3c{HTTP/1.1, (http/1.1)}{127.0.0.1:41234}": the plain connector. */
    public static final Pattern JETTY_PORT = Pattern.compile("Started oejs\\.ServerConnector@\\w+\\{HTTP/1\\.1[^}]*\\}\\{127\\.0\\.0\\.1:(\\d+)\\}");
    /** The TLS connector: "Started oejs.ServerConnector@1a2b3c{SSL, (ssl, http/1.1)}{127.0.0.1:41235}". */
    public static final Pattern JETTY_TLS_PORT = Pattern.compile("Started oejs\\.ServerConnector@\\w+\\{SSL[^}]*\\}\\{127\\.0\\.0\\.1:(\\d+)\\}");
    private static final Pattern JETTY_READY = Pattern.compile("Started oejs\\.Server@");

    /** "Starting ProtocolHandler ["http-nio-127.0.0.1-auto-1-41234"]": the connector's name gains its bound port. */
    public static final Pattern TOMCAT_PORT = ExternalServer.TOMCAT_PORT;
    /** The TLS connector: "https-jsse-nio-127.0.0.1-auto-2-41235". */
    public static final Pattern TOMCAT_TLS_PORT = Pattern.compile("\"https-\\w+-nio-127\\.0\\.0\\.1-auto-\\d+-(\\d+)\"");
    private static final Pattern TOMCAT_READY = ExternalServer.TOMCAT_READY;

    /** The test's Tomcat server.xml: one HTTP connector on 127.0.0.1, port 0, no shutdown port. */
    public static final Path TOMCAT_SERVER_XML = Path.of("src", "test", "tomcat", "conf", "server.xml");

    /** The same with the README's TLS connector on a second port the OS chooses. */
    public static final Path TOMCAT_TLS_SERVER_XML = Path.of("src", "test", "tomcat", "conf", "server-tls.xml");

    /** A running distribution and the certificate its TLS connector serves. */
    public record Tls(ExternalServer server, TestCertificate certificate) {
    }

    private static Tls sharedJetty;
    private static Tls sharedTomcat;

    private Distributions() {
    }

    /**
     * One Jetty distribution per test JVM, shared by the distribution tests, with TLS enabled as the README says:
     * {@code jetty-base/tls/https.ini} copied into {@code start.d/}, the keystore at the path it names
     * ({@code etc/wskit.p12}), the password and the TLS host and port on the command line. It stops when the JVM
     * ends (its reaper).
     */
    public static synchronized Tls jettyWithTls() {
        if (sharedJetty == null) {
            TestCertificate certificate = TestCertificate.create(Path.of("target", "it", "jetty-tls").toAbsolutePath());
            ExternalServer server = jetty("jetty", base -> {
                try {
                    Files.copy(Path.of("jetty-base", "tls", "https.ini"), base.resolve("start.d").resolve("https.ini"));
                    Files.createDirectories(base.resolve("etc"));
                    Files.copy(certificate.keystore(), base.resolve("etc").resolve("wskit.p12"));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, List.of("jetty.sslContext.keyStorePassword=" + TestCertificate.PASSWORD, "jetty.ssl.host=127.0.0.1",
                    "jetty.ssl.port=0"));
            sharedJetty = new Tls(server, certificate);
        }
        return sharedJetty;
    }

    /**
     * One Tomcat distribution per test JVM, shared by the distribution tests, with the README's TLS connector
     * ({@code src/test/tomcat/conf/server-tls.xml}: the keystore named by system properties Tomcat substitutes).
     * It stops when the JVM ends (its reaper).
     */
    public static synchronized Tls tomcatWithTls() {
        if (sharedTomcat == null) {
            TestCertificate certificate = TestCertificate.create(Path.of("target", "it", "tomcat-tls").toAbsolutePath());
            ExternalServer server = tomcat("tomcat", TOMCAT_TLS_SERVER_XML, List.of("-Dwskit.keystore=" + certificate.keystore(),
                    "-Dwskit.keystorePassword=" + TestCertificate.PASSWORD));
            sharedTomcat = new Tls(server, certificate);
        }
        return sharedTomcat;
    }

    /**
     * Jetty: {@code base} may add to the copied jetty-base before start (start.d files, a keystore); {@code args}
     * are more start.jar arguments.
     */
    public static ExternalServer jetty(String name, Consumer<Path> base, List<String> args) {
        Path jettyHome = ExternalServer.pathProperty("wskit.jettyHome");
        Path war = ExternalServer.pathProperty("wskit.war");
        Path work = Path.of("target", "it", name).toAbsolutePath();
        Path jettyBase = work.resolve("jetty-base");
        ExternalServer.deleteTree(work);
        ExternalServer.copyTree(Path.of("jetty-base").toAbsolutePath(), jettyBase);
        try {
            Files.copy(war, jettyBase.resolve("webapps").resolve("ROOT.war"), StandardCopyOption.REPLACE_EXISTING);
            Path tmp = Files.createDirectories(work.resolve("tmp"));
            base.accept(jettyBase);
            List<String> command = new ArrayList<>(List.of(ExternalServer.java(), "-Xmx512m", "-Djava.io.tmpdir=" + tmp,
                    "-jar", jettyHome.resolve("start.jar").toString(),
                    "jetty.base=" + jettyBase, "jetty.http.host=127.0.0.1", "jetty.http.port=0"));
            command.addAll(args);
            return ExternalServer.start(name + "-distribution", command, jettyBase, work.resolve("jetty.log"), JETTY_READY,
                    JETTY_PORT, "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Tomcat with {@code serverXml} as its server.xml and {@code jvmArgs} (system properties) for the JVM. */
    public static ExternalServer tomcat(String name, Path serverXml, List<String> jvmArgs) {
        Path home = ExternalServer.pathProperty("wskit.tomcatHome");
        Path war = ExternalServer.pathProperty("wskit.war");
        Path work = Path.of("target", "it", name).toAbsolutePath();
        Path base = work.resolve("tomcat-base");
        ExternalServer.deleteTree(work);
        ExternalServer.copyTree(home.resolve("conf"), base.resolve("conf"));
        try {
            Files.copy(serverXml, base.resolve("conf").resolve("server.xml"), StandardCopyOption.REPLACE_EXISTING);
            for (String dir : List.of("webapps", "logs", "temp", "work")) {
                Files.createDirectories(base.resolve(dir));
            }
            Files.copy(war, base.resolve("webapps").resolve("wskit.war"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = ExternalServer.tomcatCommand(base, jvmArgs);
        return ExternalServer.start(name + "-distribution", command, base, work.resolve("tomcat.log"), TOMCAT_READY,
                TOMCAT_PORT, "/wskit");
    }
}
