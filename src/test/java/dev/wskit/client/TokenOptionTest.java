package dev.wskit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.testing.TokenMint;
import dev.wskit.testing.WskitServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code --token}: connect, rooms and bench sign in with an {@code Authorization: Bearer} header, against a wskit with
 * sign-in on for every path ({@code wskit.auth.echo=true}).
 */
class TokenOptionTest {

    private static WskitServer wskit;

    @BeforeAll
    static void start() {
        wskit = WskitServer.start(Map.of("wskit.auth.hs256Secret", TokenMint.SECRET, "wskit.auth.echo", "true"));
    }

    @AfterAll
    static void stop() throws Exception {
        wskit.close();
    }

    @Test
    void connectSignsInWithTheToken() {
        Cli.Run run = Cli.run("signed\n", "connect", "--script", "--token", TokenMint.hs256("cli"), wskit.ws("/echo").toString());
        assertEquals(ExitCode.OK, run.exitCode(), run::toString);
        assertEquals("signed\n", run.out(), run::toString);
    }

    @Test
    void withoutATokenTheRefusalSaysWhy() {
        Cli.Run run = Cli.run("", "connect", "--script", wskit.ws("/echo").toString());
        assertEquals(ExitCode.HANDSHAKE_REFUSED, run.exitCode(), run::toString);
        assertTrue(run.err().contains("401") && run.err().contains("missing token"), run::toString);
    }

    @Test
    void roomsJoinsUnderTheTokensNickAndNoOther() {
        String token = TokenMint.hs256("carol");
        Cli.Run ok = Cli.run("hello\n", "rooms", "--script", "--token", token, "--nick", "carol", wskit.ws("/rooms/cli-signed").toString());
        assertEquals(ExitCode.OK, ok.exitCode(), ok::toString);
        assertTrue(ok.out().contains("carol: hello"), ok::toString);
        Cli.Run other = Cli.run("hello\n", "rooms", "--script", "--token", token, "--nick", "mallory", wskit.ws("/rooms/cli-signed").toString());
        assertEquals(ExitCode.USAGE, other.exitCode(), other::toString);
        assertTrue(other.out().contains("error bad-nick: signed in as 'carol'"), other::toString);
    }

    @Test
    void benchSignsInEveryConnection() {
        Cli.Run run = Cli.run("", "bench", "-c", "2", "-n", "20", "--json", "--progress", "0", "--token", TokenMint.hs256("bench"),
                wskit.ws("/echo").toString());
        assertEquals(ExitCode.OK, run.exitCode(), run::toString);
        assertTrue(run.out().contains("\"errors\":{}"), run::toString);
    }

    @Test
    void aTokenWithSpacesIsAUsageError() {
        Cli.Run run = Cli.run("", "connect", "--token", "two words", wskit.ws("/echo").toString());
        assertEquals(ExitCode.USAGE, run.exitCode(), run::toString);
        assertTrue(run.err().contains("--token"), run::toString);
        assertFalse(run.err().contains("two words\n\tat"), run::toString);
    }
}
