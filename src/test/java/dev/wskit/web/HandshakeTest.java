package dev.wskit.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HandshakeTest {

    @Test
    void accessTokensNeverReachTheLog() {
        assertEquals("/rooms/lobby", Handshake.loggable("/rooms/lobby", "access_token=eyJhbGciOi.secret"));
        assertEquals("/echo?delay=5&repeat=2", Handshake.loggable("/echo", "delay=5&access_token=abc&repeat=2"));
        assertEquals("/echo?delay=5", Handshake.loggable("/echo", "ACCESS_TOKEN=abc&delay=5&access%5Ftoken=x"));
        assertEquals("/echo?delay=5", Handshake.loggable("/echo", "access_token&delay=5"));
        assertEquals("/echo?access_tokens=kept", Handshake.loggable("/echo", "access_tokens=kept"));
    }

    @Test
    void pathWithoutQueryIsKeptAsIs() {
        assertEquals("/boards/sketch", Handshake.loggable("/boards/sketch", null));
        assertEquals("/echo", Handshake.loggable("/echo", ""));
    }

    @Test
    void controlCharactersAndLengthAreTamed() {
        assertEquals("/echo?x=a?b", Handshake.loggable("/echo", "x=a\nb"));
        String longQuery = "x=" + "a".repeat(2000);
        String logged = Handshake.loggable("/echo", longQuery);
        assertEquals(Handshake.MAX_PATH + 3, logged.length());
        assertTrue(logged.endsWith("..."));
    }
}
