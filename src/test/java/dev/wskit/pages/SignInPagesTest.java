package dev.wskit.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.testing.BrowserFixture;
import dev.wskit.testing.BrowserWindow;
import dev.wskit.testing.TokenMint;
import dev.wskit.testing.WskitServer;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The chat and draw pages against a wskit with sign-in on: a token in the page's {@code #token=} is taken into the
 * token field (and out of the address bar), fills in the nick it names, and goes to the server as
 * {@code access_token}; without one the page says the handshake was refused.
 */
class SignInPagesTest {

    @RegisterExtension
    static final BrowserFixture browsers = new BrowserFixture();

    private static WskitServer server;

    @BeforeAll
    static void start() {
        server = WskitServer.start(Map.of("wskit.auth.hs256Secret", TokenMint.SECRET));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @SuppressWarnings("unchecked")
    private static List<String> members(BrowserWindow w) {
        return (List<String>) w.script("return Array.from(document.querySelectorAll('#members li'), e => e.textContent)");
    }

    @Test
    void theChatPageSignsInWithTheTokenFromItsAddress() {
        String token = TokenMint.hs256("u-7", b -> b.claim("nick", "Zoë"));
        BrowserWindow w = browsers.open().go(URI.create(server.http("/chat.html?room=signed") + "#token=" + token));
        assertEquals("Zoë", w.value("#nick"), "the nick the token names");
        assertEquals(token, w.value("#token"));
        assertFalse(w.driver().getCurrentUrl().contains(token), "the token leaves the address bar: " + w.driver().getCurrentUrl());
        w.click("#join");
        w.waitUntil(d -> members(w).contains("Zoë"));
        w.screenshot("signin-chat");
    }

    @Test
    void theDrawPageSaysTheHandshakeWasRefusedWithoutATokenAndConnectsWithATypedOne() {
        BrowserWindow w = browsers.open().go(server.http("/draw.html?board=signed"));
        w.click("#connect");
        w.waitUntil(d -> w.text("#status").contains("refused the handshake") && w.text("#status").contains("HTTP 401"));
        assertTrue(w.text("#state").contains("not connected"));
        w.type("#token", TokenMint.hs256("painter")).click("#connect");
        w.waitUntil(d -> w.text("#state").equals("connected"));
        w.screenshot("signin-draw");
    }
}
