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

    /** The libraries the WAR ships, by file name prefix: one line each, with what needs it. */
    private static final List<String> ALLOWED_JARS = List.of(
            "jackson-core-",        // JSON: /inspect and the rooms codecs
            "nimbus-jose-jwt-");    // sign-in: JWT parsing and signature checks (dev.wskit.auth)

    @Test
    void webInfLibHoldsOnlyTheLibrariesWskitShips() throws IOException {
        List<String> unexpected = new ArrayList<>();
        List<String> found = new ArrayList<>();
        try (ZipFile war = new ZipFile(ExternalServer.pathProperty("wskit.war").toFile())) {
            for (ZipEntry entry : war.stream().toList()) {
                String name = entry.getName();
                if (name.startsWith("WEB-INF/lib/") && !entry.isDirectory()) {
                    String jar = name.substring("WEB-INF/lib/".length());
                    found.add(jar);
                    if (ALLOWED_JARS.stream().noneMatch(jar::startsWith)) {
                        unexpected.add(jar);
                    }
                }
            }
        }
        assertEquals(List.of(), unexpected, "jars in WEB-INF/lib that no one listed in ALLOWED_JARS");
        for (String allowed : ALLOWED_JARS) {
            assertTrue(found.stream().anyMatch(j -> j.startsWith(allowed)), allowed + " missing from WEB-INF/lib: " + found);
        }
    }

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
        // The scan must have seen the WAR's real libraries, or it proves nothing.
        assertTrue(jars.stream().anyMatch(j -> j.startsWith("jackson-core-")), "WEB-INF/lib: " + jars);
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
