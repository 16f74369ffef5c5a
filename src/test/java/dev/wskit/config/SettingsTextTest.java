package dev.wskit.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTextTest {

    @Test
    void textSettingsResolveFromContextParamsAndDefaultToEmpty() {
        assertEquals("", Settings.defaults().text(Setting.ROOMS_ALLOWED_ORIGINS));
        Settings s = Settings.resolve(Map.of("wskit.rooms.allowedOrigins", " https://a.example,https://b.example ")::get);
        assertEquals("https://a.example,https://b.example", s.text(Setting.ROOMS_ALLOWED_ORIGINS));
        assertEquals("x", s.withText(Setting.ROOMS_ALLOWED_ORIGINS, "x").text(Setting.ROOMS_ALLOWED_ORIGINS));
    }

    @Test
    void numberAndTextAccessorsRefuseTheOtherKind() {
        Settings s = Settings.defaults();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.get(Setting.ROOMS_ALLOWED_ORIGINS));
        assertTrue(e.getMessage().contains("text()"));
        assertThrows(IllegalArgumentException.class, () -> s.text(Setting.ROOMS_MAX_ROOMS));
        assertTrue(Setting.ROOMS_ALLOWED_ORIGINS.isText());
        assertEquals("WSKIT_ROOMS_ALLOWED_ORIGINS", Setting.ROOMS_ALLOWED_ORIGINS.envName());
    }

    @Test
    void roomNumberSettingsAreBoundsChecked() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Settings.resolve(Map.of("wskit.rooms.maxMembers", "0")::get));
        assertTrue(e.getMessage().contains("wskit.rooms.maxMembers"));
    }
}
