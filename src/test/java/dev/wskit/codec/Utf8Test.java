package dev.wskit.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Utf8Test {

    @ParameterizedTest
    @ValueSource(strings = {"", "ascii", "é", "中文", "😀", "a😀é中", "\u007f\u0080\u07ff\u0800\uffff"})
    void countsWhatTheEncoderProducesForWellFormedText(String s) {
        assertEquals(s.getBytes(StandardCharsets.UTF_8).length, Utf8.length(s));
    }

    @Test
    void countsALoneSurrogateAsTheThreeByteReplacementCharacter() {
        // Lone surrogates only occur where a container split a pair between two message parts.
        assertEquals(3, Utf8.length("\uD83D"));
        assertEquals(3, Utf8.length("\uDE00"));
        assertEquals(5, Utf8.length("x\uD83Dy"));
    }
}
