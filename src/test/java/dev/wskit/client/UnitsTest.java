package dev.wskit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/** Command-line durations and sizes. No server. */
class UnitsTest {

    @Test
    void durationsTakeUnitsAndDefaultToMilliseconds() {
        assertEquals(Duration.ofMillis(250), Units.duration("250"));
        assertEquals(Duration.ofMillis(250), Units.duration("250ms"));
        assertEquals(Duration.ofSeconds(3), Units.duration("3s"));
        assertEquals(Duration.ofMinutes(2), Units.duration("2M"));
        assertEquals(Duration.ofHours(1), Units.duration("1h"));
    }

    @Test
    void sizesTakeBinaryUnits() {
        assertEquals(128, Units.size("128"));
        assertEquals(16 * 1024, Units.size("16KiB"));
        assertEquals(1024 * 1024, Units.size("1mb"));
    }

    @Test
    void badValuesAreRefusedWithExamples() {
        assertThrows(TypeConversionException.class, () -> Units.duration("soon"));
        assertThrows(TypeConversionException.class, () -> Units.duration("-1s"));
        assertThrows(TypeConversionException.class, () -> Units.size("1GB"));
        assertThrows(TypeConversionException.class, () -> Units.size("4096MiB"));
    }
}
