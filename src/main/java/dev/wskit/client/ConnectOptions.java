package dev.wskit.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Handshake and transport options shared by {@code connect}, {@code rooms} and {@code bench} (a picocli mixin),
 * and the check of the command's URL. Filled in by picocli before the command runs, read-only afterwards.
 */
public class ConnectOptions {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = {"-H", "--header"}, paramLabel = "NAME:VALUE", description = "Request header for the handshake (repeatable).")
    List<String> headers = new ArrayList<>();

    @Option(names = {"-s", "--subprotocol"}, paramLabel = "NAME", split = ",",
            description = "Subprotocol to offer, in order of preference (repeatable or comma-separated).")
    List<String> subprotocols = new ArrayList<>();

    @Option(names = {"-o", "--origin"}, paramLabel = "ORIGIN", description = "Origin header to send, e.g. https://example.com.")
    String origin;

    @Option(names = "--deflate", description = "Offer permessage-deflate compression.")
    boolean deflate;

    @Option(names = "--connect-timeout", paramLabel = "DURATION", defaultValue = "10s", converter = Units.DurationConverter.class,
            description = "Give up connecting (TCP, TLS and handshake) after this long. Default: ${DEFAULT-VALUE}.")
    Duration connectTimeout;

    @Option(names = "--idle-timeout", paramLabel = "DURATION", defaultValue = "0", converter = Units.DurationConverter.class,
            description = "Close the connection after this long without traffic; 0 = never. Default: ${DEFAULT-VALUE}.")
    Duration idleTimeout;

    @Option(names = "--trust-ca", paramLabel = "FILE", description = "For wss: trust the CA certificate(s) in this PEM file.")
    Path trustCa;

    @Option(names = {"-k", "--insecure"}, description = "For wss: trust any certificate and skip host name checks.")
    boolean insecure;

    @Option(names = {"-v", "--verbose"}, description = "Print stack traces and the WebSocket library's log.")
    boolean verbose;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:WSKIT_TOKEN}",
            description = "Sign-in token (JWT), sent as Authorization: Bearer TOKEN with every handshake."
                    + " Default: the environment variable WSKIT_TOKEN, which keeps it out of the process list.")
    String token;

    /** The sign-in token to send, or {@code null}. */
    public String token() {
        return token == null || token.isBlank() ? null : token.trim();
    }

    /** Whether stack traces and the library's log are wanted. */
    public boolean verbose() {
        return verbose;
    }

    /** The idle timeout of a connection; zero = never. */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** Whether permessage-deflate is offered. */
    public boolean deflate() {
        return deflate;
    }

    /** TCP connect and handshake together. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /**
     * The handshake headers these options add, in order, for a client that writes its own request (bench's raw
     * client): Origin, Sec-WebSocket-Protocol, Authorization (the token), then every {@code -H}.
     */
    public List<java.util.Map.Entry<String, String>> handshakeHeaders() {
        List<java.util.Map.Entry<String, String>> all = new ArrayList<>();
        if (origin != null) {
            all.add(java.util.Map.entry("Origin", origin));
        }
        if (!subprotocols.isEmpty()) {
            all.add(java.util.Map.entry("Sec-WebSocket-Protocol", String.join(", ", subprotocols)));
        }
        if (token() != null) {
            all.add(java.util.Map.entry("Authorization", "Bearer " + token()));
        }
        all.addAll(extraHeaders());
        return all;
    }

    /** The {@code -H NAME:VALUE} headers, in order, name and value trimmed. */
    public List<java.util.Map.Entry<String, String>> extraHeaders() {
        List<java.util.Map.Entry<String, String>> extra = new ArrayList<>();
        for (String h : headers) {
            int colon = h.indexOf(':');
            extra.add(java.util.Map.entry(h.substring(0, colon).trim(), h.substring(colon + 1).trim()));
        }
        return extra;
    }

    /** Whether any option that shapes the handshake (-H, -s, -o, --deflate) was given. */
    public boolean shapesHandshake() {
        return !headers.isEmpty() || !subprotocols.isEmpty() || origin != null || deflate;
    }

    /**
     * The command's ws: or wss: URL, parsed, once it and these options are checked; or a ParameterException with one
     * clear line.
     */
    public URI target(String url) {
        URI uri = parseUrl(url);
        check();
        return uri;
    }

    /** A usage error of the command these options belong to (exit 2), saying {@code message}. */
    public ParameterException usage(String message) {
        return new ParameterException(command.commandLine(), message);
    }

    private URI parseUrl(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw usage("bad URL '" + url + "': " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("ws") && !scheme.equals("wss")) {
            throw usage("bad URL '" + url + "': the scheme must be ws: or wss: (e.g. ws://127.0.0.1:8080/echo)");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw usage("bad URL '" + url + "': no host");
        }
        return uri;
    }

    private void check() {
        for (String h : headers) {
            int colon = h.indexOf(':');
            if (colon <= 0) {
                throw usage("bad header '" + h + "': expected NAME:VALUE");
            }
        }
        String t = token();
        if (t != null && !t.matches("[\\x21-\\x7E]+")) {
            throw usage("--token must be one word of printable ASCII (a JWT is header.payload.signature)");
        }
        if (trustCa != null && insecure) {
            throw usage("--trust-ca and --insecure exclude each other");
        }
        if (connectTimeout.isZero()) {
            throw usage("--connect-timeout must be more than 0");
        }
    }
}
