package dev.wskit.edge;

import dev.wskit.testing.Distributions;
import dev.wskit.testing.ExternalServer;
import dev.wskit.testing.TestCertificate;
import java.util.regex.Pattern;

/**
 * wss on the Tomcat distribution with the README's TLS connector ({@link Distributions#tomcatWithTls}: an NIO
 * connector with {@code SSLEnabled} and the keystore named by system properties Tomcat substitutes).
 */
class WssOnTomcatDistributionIT extends WssContract {

    @Override
    protected ExternalServer server() {
        return Distributions.tomcatWithTls().server();
    }

    @Override
    protected Pattern tlsPort() {
        return Distributions.TOMCAT_TLS_PORT;
    }

    @Override
    protected TestCertificate certificate() {
        return Distributions.tomcatWithTls().certificate();
    }
}
