package dev.wskit.edge;

import dev.wskit.testing.Distributions;
import dev.wskit.testing.ExternalServer;
import dev.wskit.testing.TestCertificate;
import java.util.regex.Pattern;

/**
 * wss on the Jetty distribution, enabled as the README says ({@link Distributions#jettyWithTls}: the jetty-base's
 * {@code tls/https.ini} in {@code start.d/}, the keystore it names, the password on the command line).
 */
class WssOnJettyDistributionIT extends WssContract {

    @Override
    protected ExternalServer server() {
        return Distributions.jettyWithTls().server();
    }

    @Override
    protected Pattern tlsPort() {
        return Distributions.JETTY_TLS_PORT;
    }

    @Override
    protected TestCertificate certificate() {
        return Distributions.jettyWithTls().certificate();
    }
}
