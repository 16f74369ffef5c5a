package dev.wskit.client.connect;

import dev.wskit.client.ConnectOptions;
import dev.wskit.client.Conversation;
import dev.wskit.client.ConversationOptions;
import dev.wskit.client.Terminal;
import dev.wskit.client.Transport;
import dev.wskit.client.Units;
import java.net.URI;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code connect URL}: a WebSocket conversation on the terminal, or, with {@code --script}, a filter from standard
 * input to standard output. The {@link Conversation} runs it on the calling thread; each connection is a
 * {@link ConsoleDialogue}.
 */
@Command(name = "connect", sortOptions = false,
        description = {"Open a WebSocket and talk to it.",
                "Interactive: each line typed is sent as a text message; /help lists commands (/binary FILE, /ping, /close CODE REASON).",
                "With --script: lines from standard input are sent as text messages, received text is written to standard output"
                        + " one message per line (binary as base64); status goes to standard error."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:normal close (1000) by either side, or closed by you",
                "2:bad command line or URL",
                "3:server unreachable (unknown host, refused, timeout, not a WebSocket server)",
                "4:handshake refused (HTTP status other than 101)",
                "5:TLS failure",
                "6:closed by the server with a code other than 1000",
                "7:connection lost without a close (1006) or idle timeout",
                "1:internal error"})
public class ConnectCommand implements Callable<Integer>, Conversation.Party<Incoming> {

    @Mixin
    ConnectOptions options;

    @Parameters(index = "0", paramLabel = "URL", description = "ws:// or wss:// URL, e.g. ws://127.0.0.1:8080/echo")
    String url;

    @Mixin
    ConversationOptions talk;

    @Option(names = "--max-message", paramLabel = "SIZE", defaultValue = "64MiB", converter = Units.SizeConverter.class,
            description = "Largest message accepted from the server. Default: ${DEFAULT-VALUE}.")
    int maxMessage;

    private final Terminal terminal;

    public ConnectCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() throws Exception {
        URI uri = options.target(url);
        return talk.<Incoming>conversation(terminal, options.verbose()).run(options, maxMessage, uri, this);
    }

    @Override
    public Conversation.Dialogue<Incoming> connect(Transport transport, URI uri, Conversation<Incoming> conversation) throws Exception {
        return new ConsoleDialogue(transport.connect(new ConsoleEndpoint(conversation), uri), conversation, uri, talk.script(),
                options.verbose(), terminal.out(), terminal.err());
    }

    @Override
    public String ended(Conversation.Ending ending, int code, String why) {
        return switch (ending) {
            case LEFT -> "closed: " + code + why;
            case IDLE_TIMEOUT -> options.idleTimeout().isZero()
                    ? "closed by the server: idle timeout (" + code + why + ")"
                    : "closed: nothing sent or received for --idle-timeout " + options.idleTimeout().toMillis() + " ms (" + code + ")";
            case CLOSED_BY_SERVER -> "closed by the server: " + code + why;
        };
    }
}
