package dev.wskit.echo;

import dev.wskit.testing.Deployment;
import dev.wskit.testing.Distributions;
import dev.wskit.testing.ExternalServer;
import org.junit.jupiter.api.BeforeAll;

/**
 * The echo contract on the real Jetty distribution ({@code jetty-home}, unpacked by the build) started with the
 * repository's {@code jetty-base/} and the packaged {@code target/wskit.war} deployed as {@code webapps/ROOT.war}:
 * exactly the README's Deploy steps (TLS enabled too), on 127.0.0.1 and ports the OS chose. One server per test JVM,
 * shared with {@code WssOnJettyDistributionIT}.
 */
class EchoOnJettyDistributionIT extends EchoContract {

    private static ExternalServer server;

    @BeforeAll
    static void start() {
        server = Distributions.jettyWithTls().server(); // shared with the wss tests, stopped when the JVM ends
    }

    @Override
    protected Deployment server() {
        return server;
    }
}
