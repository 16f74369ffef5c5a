package dev.wskit.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void defaultsApplyWhenNothingIsSet() {
        assertEquals(16L * 1024 * 1024, Settings.resolve(k -> null).get(Setting.ECHO_MAX_TEXT_MESSAGE_SIZE));
    }

    @Test
    void contextParameterOverridesDefault() {
        Settings s = Settings.resolve(Map.of("wskit.echo.maxDelay", " 1500 ")::get);
        assertEquals(1500, s.get(Setting.ECHO_MAX_DELAY));
    }

    @Test
    void systemPropertyOverridesContextParameter() {
        System.setProperty("wskit.echo.maxRepeat", "7");
        try {
            Settings s = Settings.resolve(Map.of("wskit.echo.maxRepeat", "9")::get);
            assertEquals(7, s.get(Setting.ECHO_MAX_REPEAT));
        } finally {
            System.clearProperty("wskit.echo.maxRepeat");
        }
    }

    @Test
    void environmentNamesFollowTheKey() {
        assertEquals("WSKIT_ECHO_MAX_TEXT_MESSAGE_SIZE", Setting.ECHO_MAX_TEXT_MESSAGE_SIZE.envName());
        assertEquals("WSKIT_IDLE_TIMEOUT", Setting.IDLE_TIMEOUT.envName());
    }

    @Test
    void refusesValuesOutsideBoundsNamingTheSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Settings.resolve(Map.of("wskit.idleTimeout", "999")::get));
        assertTrue(e.getMessage().contains("wskit.idleTimeout must be between 1000"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Settings.resolve(Map.of("wskit.echo.maxDelay", "1s")::get));
        assertTrue(e.getMessage().contains("whole number of ms"), e.getMessage());
    }
}
