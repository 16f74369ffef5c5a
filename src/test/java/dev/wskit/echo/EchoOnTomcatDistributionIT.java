package dev.wskit.echo;

import dev.wskit.testing.Deployment;
import dev.wskit.testing.Distributions;
import dev.wskit.testing.ExternalServer;
import org.junit.jupiter.api.BeforeAll;

/**
 * The echo contract on the real Tomcat 11 distribution (unpacked by the build), with its own CATALINA_BASE: the
 * stock {@code conf/} with {@code src/test/tomcat/conf/server-tls.xml} (127.0.0.1, ports 0, no shutdown port, and the
 * README's TLS connector) and the packaged {@code target/wskit.war} dropped into {@code webapps/}, so it is served
 * under the context path {@code /wskit}. Started as {@code catalina.sh run} would, without the shell script. One
 * server per test JVM, shared with {@code WssOnTomcatDistributionIT}; the client is the Jetty Jakarta client of this
 * JVM, so this is also a cross-implementation check.
 */
class EchoOnTomcatDistributionIT extends EchoContract {

    private static ExternalServer server;

    @BeforeAll
    static void start() {
        server = Distributions.tomcatWithTls().server(); // shared with the wss tests, stopped when the JVM ends
    }

    @Override
    protected Deployment server() {
        return server;
    }
}
