package dev.wskit.arquillian;

import org.jboss.arquillian.container.spi.ConfigurationException;
import org.jboss.arquillian.container.spi.client.container.ContainerConfiguration;

/**
 * Settings of {@link JettyEmbeddedContainer}, filled by Arquillian from {@code arquillian.xml}
 * ({@code <property name="bindPort">0</property>}). Defaults: loopback and a port the OS chooses, so parallel builds
 * never collide.
 *
 * <p>Not thread-safe: written once by Arquillian before the container starts, read only afterwards.
 */
public class JettyEmbeddedConfiguration implements ContainerConfiguration {

    private String bindAddress = "127.0.0.1";
    private int bindPort = 0;

    @Override
    public void validate() throws ConfigurationException {
        if (bindAddress == null || bindAddress.isBlank()) {
            throw new ConfigurationException("bindAddress must be set, e.g. 127.0.0.1");
        }
        if (bindPort < 0 || bindPort > 65535) {
            throw new ConfigurationException("bindPort must be 0 (any free port) to 65535, not " + bindPort);
        }
    }

    public String getBindAddress() {
        return bindAddress;
    }

    public void setBindAddress(String bindAddress) {
        this.bindAddress = bindAddress;
    }

    public int getBindPort() {
        return bindPort;
    }

    public void setBindPort(int bindPort) {
        this.bindPort = bindPort;
    }
}
