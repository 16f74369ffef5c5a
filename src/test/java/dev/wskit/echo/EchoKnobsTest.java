package dev.wskit.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.config.Setting;
import dev.wskit.config.Settings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The knob parser alone: every bound, one inside and one past it. */
class EchoKnobsTest {

    private static final Settings DEFAULTS = Settings.defaults();

    @Test
    void noQueryMeansPlainEcho() throws Exception {
        assertEquals(EchoKnobs.NONE, EchoKnobs.parse(Map.of(), DEFAULTS));
    }

    @Test
    void parsesEveryKnob() throws Exception {
        EchoKnobs k = EchoKnobs.parse(Map.of("delay", List.of("250"), "repeat", List.of("3"), "closeAfter", List.of("2"),
                "closeCode", List.of("4000"), "closeReason", List.of("done"), "pingInterval", List.of("500")), DEFAULTS);
        assertEquals(new EchoKnobs(Duration.ofMillis(250), 3, 2, 4000, "done", Duration.ofMillis(500)), k);
    }

    @ParameterizedTest(name = "{0}={1} accepted, {0}={2} refused")
    @CsvSource({
        "delay, 60000, 60001",
        "delay, 0, -1",
        "repeat, 100, 101",
        "repeat, 1, 0",
        "closeAfter, 1000000, 1000001",
        "closeAfter, 1, 0",
        "pingInterval, 100, 99",
        "pingInterval, 3600000, 3600001",
    })
    void refusesOnePastEachBound(String knob, String inside, String outside) throws Exception {
        EchoKnobs.parse(Map.of(knob, List.of(inside)), DEFAULTS);
        EchoKnobs.InvalidKnobException e = assertThrows(EchoKnobs.InvalidKnobException.class,
                () -> EchoKnobs.parse(Map.of(knob, List.of(outside)), DEFAULTS));
        assertTrue(e.getMessage().startsWith(knob + " must be between"), e.getMessage());
    }

    @Test
    void boundsFollowTheSettings() throws Exception {
        Settings tight = DEFAULTS.with(Setting.ECHO_MAX_DELAY, 10);
        EchoKnobs.parse(Map.of("delay", List.of("10")), tight);
        assertThrows(EchoKnobs.InvalidKnobException.class, () -> EchoKnobs.parse(Map.of("delay", List.of("11")), tight));
    }

    @ParameterizedTest
    @CsvSource({"1004", "1005", "1006", "1012", "1015", "2000", "2999", "5000", "999"})
    void refusesCloseCodesThatCannotBeSent(int code) {
        EchoKnobs.InvalidKnobException e = assertThrows(EchoKnobs.InvalidKnobException.class,
                () -> EchoKnobs.parse(Map.of("closeAfter", List.of("1"), "closeCode", List.of(String.valueOf(code))), DEFAULTS));
        assertTrue(e.getMessage().contains("closeCode"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"1000", "1001", "1003", "1007", "1011", "3000", "4999"})
    void acceptsSendableCloseCodes(int code) throws Exception {
        EchoKnobs k = EchoKnobs.parse(Map.of("closeAfter", List.of("1"), "closeCode", List.of(String.valueOf(code))), DEFAULTS);
        assertEquals(code, k.closeCode());
    }

    @Test
    void refusesCloseReasonOneBytePastTheFrameLimit() throws Exception {
        EchoKnobs.parse(Map.of("closeAfter", List.of("1"), "closeReason", List.of("r".repeat(123))), DEFAULTS);
        // 62 two-byte characters: 124 bytes, though only 62 chars.
        EchoKnobs.InvalidKnobException e = assertThrows(EchoKnobs.InvalidKnobException.class,
                () -> EchoKnobs.parse(Map.of("closeAfter", List.of("1"), "closeReason", List.of("é".repeat(62))), DEFAULTS));
        assertTrue(e.getMessage().contains("123 bytes"), e.getMessage());
    }

    @Test
    void refusesCloseCodeWithoutCloseAfter() {
        EchoKnobs.InvalidKnobException e = assertThrows(EchoKnobs.InvalidKnobException.class,
                () -> EchoKnobs.parse(Map.of("closeCode", List.of("4000")), DEFAULTS));
        assertTrue(e.getMessage().contains("need closeAfter"), e.getMessage());
    }

    @Test
    void refusesNonNumbersUnknownNamesAndRepeats() {
        assertTrue(assertThrows(EchoKnobs.InvalidKnobException.class,
                () -> EchoKnobs.parse(Map.of("delay", List.of("soon")), DEFAULTS)).getMessage().contains("whole number"));
        assertTrue(assertThrows(EchoKnobs.InvalidKnobException.class,
                () -> EchoKnobs.parse(Map.of("colour", List.of("red")), DEFAULTS)).getMessage().contains("unknown parameter 'colour'"));
        assertTrue(assertThrows(EchoKnobs.InvalidKnobException.class,
                () -> EchoKnobs.parse(Map.of("delay", List.of("1", "2")), DEFAULTS)).getMessage().contains("given 2 times"));
    }
}
