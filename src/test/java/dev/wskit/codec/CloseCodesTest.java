package dev.wskit.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.CloseReason;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CloseCodesTest {

    @Test
    void eachUseHasTheCodeTheReadmeDocuments() {
        assertEquals(1009, CloseCodes.TOO_BIG.getCode());
        assertEquals(1008, CloseCodes.SLOW_MEMBER.getCode());
        assertEquals(1008, CloseCodes.ROOM_FULL.getCode());
        assertEquals(1008, CloseCodes.TOO_MANY_ROOMS.getCode());
        assertEquals(1003, CloseCodes.UNSUPPORTED_DATA.getCode());
        assertEquals(1011, CloseCodes.SEND_FAILED.getCode());
        assertEquals(1001, CloseCodes.GOING_AWAY.getCode());
        assertEquals(1011, CloseCodes.BACKPLANE_UNAVAILABLE.getCode());
        assertEquals(1012, CloseCodes.RESUME.getCode());
    }

    @Test
    void aReasonThatFitsIsKeptAndOneThatDoesNotIsCutAtACharacter() {
        CloseReason fits = CloseCodes.TOO_BIG.reason("x".repeat(CloseCodes.MAX_REASON_BYTES));
        assertSame(CloseCodes.TOO_BIG, fits.getCloseCode());
        assertEquals(CloseCodes.MAX_REASON_BYTES, fits.getReasonPhrase().length());

        String euros = "\u20ac".repeat(60); // 180 bytes, 3 per character
        String clipped = CloseCodes.clip(euros);
        byte[] bytes = clipped.getBytes(StandardCharsets.UTF_8);
        assertTrue(bytes.length <= CloseCodes.MAX_REASON_BYTES, clipped);
        assertTrue(clipped.endsWith("..."), clipped);
        assertEquals("\u20ac".repeat(40) + "...", clipped, "whole characters only: 40 x 3 bytes, then the mark");
    }
}
