package dev.wskit.client.rooms;

import dev.wskit.client.ConnectOptions;
import dev.wskit.client.Conversation;
import dev.wskit.client.ConversationOptions;
import dev.wskit.client.Terminal;
import dev.wskit.client.Transport;
import java.net.URI;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rooms URL --nick NAME}: a chat client for a wskit room. Room traffic goes to standard output, one line
 * per message; status to standard error. With {@code --reconnect} it remembers the last sequence number it saw
 * ({@link RoomPrinter}) and rejoins with {@code since}, so the missed messages are printed in order, or a gap notice
 * says what was lost. The {@link Conversation} runs it on the calling thread; each connection is a {@link RoomVisit}.
 */
@Command(name = "rooms", sortOptions = false,
        description = {"Chat in a wskit room (e.g. ws://127.0.0.1:8080/rooms/lobby).",
                "Each line typed is said to the room; /help lists commands (/attach FILE [TYPE], /history [SINCE], /who, /quit).",
                "With --script: every line from standard input is said as it is; room messages go to standard output."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:left the room (/quit, end of input) or closed with 1000",
                "2:bad command line or URL, or the room refused the nick",
                "3-7:as for connect: unreachable (3), handshake refused (4; e.g. 400 for a bad room name), TLS failure (5),"
                        + " closed by the server with a code other than 1000 (6), connection lost or idle timeout (7)",
                "1:internal error"})
public class RoomsCommand implements Callable<Integer>, Conversation.Party<Object> {

    @Option(names = "--nick", required = true, paramLabel = "NAME", description = "Your name in the room.")
    String nick;

    @Parameters(index = "0", paramLabel = "URL", description = "ws:// or wss:// URL of a room, e.g. ws://127.0.0.1:8080/rooms/lobby")
    String url;

    @Mixin
    ConnectOptions options;

    @Mixin
    ConversationOptions talk;

    private final Terminal terminal;
    private RoomVisit.Chat chat;

    public RoomsCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() throws Exception {
        if (nick.isBlank()) {
            throw options.usage("--nick must not be blank");
        }
        if (options.shapesHandshake()) {
            throw options.usage("rooms speaks the room protocol as is: -H, -s, -o and --deflate are for connect");
        }
        URI uri = options.target(url);
        chat = new RoomVisit.Chat(nick, talk.script(), options.verbose(), new RoomPrinter(), terminal.out(), terminal.err());
        return talk.<Object>conversation(terminal, options.verbose()).run(options, (int) RoomClient.MAX_ATTACHMENT, uri, this);
    }

    @Override
    public Conversation.Dialogue<Object> connect(Transport transport, URI uri, Conversation<Object> conversation) throws Exception {
        RoomClient client = new RoomClient(conversation);
        client.bind(transport.connectAnnotated(client, uri));
        return new RoomVisit(client, conversation, chat, uri);
    }

    @Override
    public String ended(Conversation.Ending ending, int code, String why) {
        return switch (ending) {
            case LEFT -> "left the room (" + code + why + ")";
            case IDLE_TIMEOUT -> "closed: idle timeout (" + code + why + ")";
            case CLOSED_BY_SERVER -> code == 1006 ? "connection lost (1006" + why + ")" : "closed by the server: " + code + why;
        };
    }
}
