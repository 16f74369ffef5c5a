package dev.wskit.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.testing.ExternalServer;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/** The packaged WAR ships wskit and its own libraries only: the container provides Servlet and WebSocket. */
class WarContentsIT {

    /** Jar names that mean a container or an API the container provides. */
    private static final List<String> FORBIDDEN_JAR_NAMES = List.of("jetty", "tomcat", "websocket", "servlet");

    /** Packages that no jar in WEB-INF/lib may carry, whatever the jar is called (shaded or renamed copies). */
    private static final List<String> FORBIDDEN_PACKAGES = List.of(
            "jakarta/servlet/", "jakarta/websocket/", "org/eclipse/jetty/", "org/apache/tomcat/",
            "org/apache/catalina/", "org/apache/coyote/");

    /**
     * The metrics libraries (pom.xml, Metrics): Micrometer's Prometheus registry, the Prometheus model it writes
     * through, and the text format; not the protobuf format's jar (shaded protobuf, left out on purpose).
     */
    private static final List<String> METRICS_LIBRARIES = List.of("jspecify", "micrometer-commons", "micrometer-core",
            "micrometer-observation", "micrometer-registry-prometheus", "prometheus-metrics-config",
            "prometheus-metrics-core", "prometheus-metrics-exposition-textformats", "prometheus-metrics-model",
            "prometheus-metrics-tracer-common");

    /**
     * Exactly the libraries WEB-INF/lib holds, sorted (pom.xml says why each is there): jackson-core for the JSON
     * codecs, Lettuce and its run-time jars for the Redis backplane, nimbus-jose-jwt for sign-in, and the metrics
     * libraries.
     */
    private static final List<String> LIBRARIES = Stream.concat(Stream.of("jackson-core",
            "lettuce-core", "netty-buffer", "netty-codec-base", "netty-codec-dns", "netty-common", "netty-handler",
            "netty-resolver", "netty-resolver-dns", "netty-transport", "netty-transport-native-unix-common",
            "nimbus-jose-jwt", "reactive-streams", "reactor-core"), METRICS_LIBRARIES.stream()).sorted().toList();

    @Test
    void webInfLibHoldsNoContainerOrApiJars() throws IOException {
        List<String> offenders = new ArrayList<>();
        List<String> jars = new ArrayList<>();
        try (ZipFile war = new ZipFile(ExternalServer.pathProperty("wskit.war").toFile())) {
            for (ZipEntry entry : war.stream().toList()) {
                String name = entry.getName();
                if (!name.startsWith("WEB-INF/lib/") || entry.isDirectory()) {
                    continue;
                }
                String jar = name.substring("WEB-INF/lib/".length());
                jars.add(jar);
                for (String bad : FORBIDDEN_JAR_NAMES) {
                    if (jar.toLowerCase(Locale.ROOT).contains(bad)) {
                        offenders.add(jar + " (name contains '" + bad + "')");
                    }
                }
                try (InputStream in = war.getInputStream(entry); JarInputStream lib = new JarInputStream(in)) {
                    for (JarEntry e = lib.getNextJarEntry(); e != null; e = lib.getNextJarEntry()) {
                        for (String pkg : FORBIDDEN_PACKAGES) {
                            if (e.getName().startsWith(pkg)) {
                                offenders.add(jar + " carries " + e.getName());
                                break;
                            }
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), offenders, "container jars in WEB-INF/lib");
        // The scan must have seen the WAR's real libraries, or it proves nothing; and nothing else may slip in.
        assertEquals(LIBRARIES, jars.stream().map(WarContentsIT::artifact).sorted().toList(), "WEB-INF/lib: " + jars);
    }

    /** "netty-common-4.2.13.Final.jar" is "netty-common". */
    private static String artifact(String jar) {
        return jar.replaceFirst("-\\d[^-]*(-SNAPSHOT)?\\.jar$", "");
    }

    @Test
    void warCarriesWskitClassesAndDescriptor() throws IOException {
        try (ZipFile war = new ZipFile(ExternalServer.pathProperty("wskit.war").toFile())) {
            assertTrue(war.getEntry("WEB-INF/web.xml") != null, "WEB-INF/web.xml");
            assertTrue(war.getEntry("WEB-INF/classes/dev/wskit/echo/EchoEndpoint.class") != null, "EchoEndpoint");
            assertTrue(war.getEntry("WEB-INF/classes/dev/wskit/runtime/WskitBootstrap.class") != null, "WskitBootstrap");
            assertTrue(war.getEntry("WEB-INF/classes/dev/wskit/runtime/WskitEndpoints.class") != null, "WskitEndpoints");
        }
    }
}
