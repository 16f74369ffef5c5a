package dev.wskit.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.testing.CliJar;
import dev.wskit.testing.ExternalServer;
import dev.wskit.testing.JdkWebSocket;
import dev.wskit.testing.TestCertificate;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code wss://} on a real distribution configured as the README's Deploy section says, with a self-signed keystore
 * the test makes with keytool: the echo, a room, and the packaged CLI ({@code target/wskit-cli.jar}) trusting the
 * certificate with {@code --trust-ca} (and refusing it without). Subclasses start the server.
 */
abstract class WssContract {

    /** The running server, its log naming the TLS port. */
    protected abstract ExternalServer server();

    protected abstract Pattern tlsPort();

    protected abstract TestCertificate certificate();

    /** {@code wss://127.0.0.1:TLS_PORT/CONTEXT/path}. */
    private URI wss(String path) throws IOException {
        Matcher m = tlsPort().matcher(Files.readString(server().log(), StandardCharsets.ISO_8859_1));
        assertTrue(m.find(), "no TLS connector in " + server().log());
        return URI.create("wss://127.0.0.1:" + m.group(1) + server().root().getPath() + path);
    }

    @Test
    void echoesOverTls() throws Exception {
        try (JdkWebSocket ws = JdkWebSocket.connect(wss("/echo"), certificate().clientContext(), Map.of())) {
            ws.send("over TLS ✓");
            assertEquals("over TLS ✓", ws.nextText());
        }
    }

    @Test
    void inspectSaysTheHandshakeWasSecure() throws Exception {
        try (JdkWebSocket ws = JdkWebSocket.connect(wss("/inspect"), certificate().clientContext(), Map.of())) {
            String json = ws.nextText();
            assertTrue(json.contains("\"secure\":true"), json);
        }
    }

    @Test
    void aRoomWorksOverTls() throws Exception {
        String room = "/rooms/tls-" + System.nanoTime() % 100_000;
        try (JdkWebSocket ann = JdkWebSocket.connect(wss(room), certificate().clientContext(), Map.of());
             JdkWebSocket bob = JdkWebSocket.connect(wss(room), certificate().clientContext(), Map.of())) {
            ann.send("{\"type\":\"join\",\"nick\":\"ann\"}");
            ann.until("\"event\":\"here\"");
            bob.send("{\"type\":\"join\",\"nick\":\"bob\"}");
            bob.until("\"event\":\"here\"");
            bob.send("{\"type\":\"say\",\"text\":\"secure hello\"}");
            String said = ann.until("\"type\":\"say\"");
            assertTrue(said.contains("\"nick\":\"bob\"") && said.contains("secure hello"), said);
        }
    }

    @Test
    void theCliTrustsTheCertificateWithTrustCaAndRefusesItWithout() throws Exception {
        String url = wss("/echo").toString();
        CliJar.Result trusted = CliJar.run("one\ntwo\n", "connect", "--script", "--trust-ca", certificate().certificatePem().toString(), url);
        assertEquals(0, trusted.exitCode(), trusted::toString);
        assertEquals("one\ntwo\n", trusted.out(), trusted::toString);
        CliJar.Result untrusted = CliJar.run("", "connect", "--script", url);
        assertEquals(5, untrusted.exitCode(), untrusted::toString); // ExitCode.TLS
        assertTrue(untrusted.err().contains("--trust-ca"), untrusted::toString);
    }
}
