package dev.wskit.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.config.Setting;
import dev.wskit.config.Settings;
import dev.wskit.runtime.ContainerKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The settings this echo added, each at its bound and one past it, and the per-container buffer size. */
class EchoSettingsTest {

    @Test
    void sendTimeoutDefaultsToTenSecondsAndIsBounded() {
        assertEquals(10_000, Settings.defaults().get(Setting.SEND_TIMEOUT));
        assertEquals(100, resolve("wskit.sendTimeout", "100").get(Setting.SEND_TIMEOUT));
        assertRefused("wskit.sendTimeout", "99", "wskit.sendTimeout must be between 100 and 3600000 ms");
        assertEquals(3_600_000, resolve("wskit.sendTimeout", "3600000").get(Setting.SEND_TIMEOUT));
        assertRefused("wskit.sendTimeout", "3600001", "wskit.sendTimeout must be between 100");
    }

    @Test
    void maxPendingBytesDefaultsTo256MiBAndIsBounded() {
        assertEquals(256L * 1024 * 1024, Settings.defaults().get(Setting.ECHO_MAX_PENDING_BYTES));
        assertEquals(65_536, resolve("wskit.echo.maxPendingBytes", "65536").get(Setting.ECHO_MAX_PENDING_BYTES));
        assertRefused("wskit.echo.maxPendingBytes", "65535", "wskit.echo.maxPendingBytes must be between 65536");
    }

    @Test
    void messageBufferSizeIsChosenPerContainerUnlessSet() {
        Settings defaults = Settings.defaults();
        assertEquals(0, defaults.get(Setting.MESSAGE_BUFFER_SIZE));
        assertEquals(65_536, ContainerKind.JETTY.messageBufferSize(defaults));
        assertEquals(8_192, ContainerKind.TOMCAT.messageBufferSize(defaults));
        assertEquals(8_192, ContainerKind.OTHER.messageBufferSize(defaults));
        Settings set = resolve("wskit.messageBufferSize", "1024");
        assertEquals(1024, ContainerKind.JETTY.messageBufferSize(set));
        assertEquals(1024, ContainerKind.TOMCAT.messageBufferSize(set));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ContainerKind.TOMCAT.messageBufferSize(resolve("wskit.messageBufferSize", "1023")));
        assertTrue(e.getMessage().contains("wskit.messageBufferSize must be 0 (chosen per container) or between 1024"),
                e.getMessage());
        assertEquals(16 * 1024 * 1024, ContainerKind.TOMCAT.messageBufferSize(resolve("wskit.messageBufferSize", "16777216")));
        assertRefused("wskit.messageBufferSize", "16777217", "wskit.messageBufferSize must be between 0 and 16777216");
    }

    @Test
    void containersAreToldApartByTheirServerInfo() {
        assertEquals(ContainerKind.JETTY, ContainerKind.of("jetty/12.1.8"));
        assertEquals(ContainerKind.TOMCAT, ContainerKind.of("Apache Tomcat/11.0.24"));
        assertEquals(ContainerKind.OTHER, ContainerKind.of("Undertow - 2.3"));
        assertEquals(ContainerKind.OTHER, ContainerKind.of(null));
        assertTrue(ContainerKind.TOMCAT.ownsBinaryParts());
        assertTrue(!ContainerKind.JETTY.ownsBinaryParts() && !ContainerKind.OTHER.ownsBinaryParts());
    }

    private static Settings resolve(String key, String value) {
        return Settings.resolve(Map.of(key, value)::get);
    }

    private static void assertRefused(String key, String value, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> resolve(key, value));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
