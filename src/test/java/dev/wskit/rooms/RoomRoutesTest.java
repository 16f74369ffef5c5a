package dev.wskit.rooms;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RoomRoutesTest {

    @Test
    void sameOriginIsAllowedWithDefaultPortsAndCaseIgnored() {
        RoomRoutes routes = new RoomRoutes("");
        assertTrue(routes.allows("http://127.0.0.1:8080", "http", "127.0.0.1:8080"));
        assertTrue(routes.allows("HTTP://Example.COM", "http", "example.com:80"));
        assertTrue(routes.allows("https://example.com:443", "https", "example.com"));
        assertFalse(routes.allows("http://evil.example", "http", "example.com"));
        assertFalse(routes.allows("http://example.com:8081", "http", "example.com:8080"));
        assertFalse(routes.allows("https://example.com", "http", "example.com"));
    }

    @Test
    void allowlistAddsOriginsAndStarAllowsAll() {
        RoomRoutes routes = new RoomRoutes(" https://app.example , http://localhost:3000/ ");
        assertTrue(routes.allows("https://app.example", "http", "api.example"));
        assertTrue(routes.allows("http://localhost:3000", "http", "api.example"));
        assertFalse(routes.allows("https://other.example", "http", "api.example"));
        assertTrue(new RoomRoutes("*").allows("null", "http", "x"));
    }

    @Test
    void namesFollowTheDocumentedRules() {
        assertNull(Names.checkRoom("lobby-1.a_b"));
        assertNotNull(Names.checkRoom(""));
        assertNotNull(Names.checkRoom(".hidden"));
        assertNotNull(Names.checkRoom("a".repeat(65)));
        assertNotNull(Names.checkRoom("sp ace"));
        assertNull(Names.checkNick("Zo\u00eb 2"));
        assertNull(Names.checkNick("x"));
        assertNotNull(Names.checkNick(""));
        assertNotNull(Names.checkNick(" lead"));
        assertNotNull(Names.checkNick("trail "));
        assertNotNull(Names.checkNick("a".repeat(33)));
        assertNull(Names.checkNick("a".repeat(32)));
        assertNotNull(Names.checkNick("<script>"));
        assertNotNull(Names.checkNick("tab\there"));
    }
}
