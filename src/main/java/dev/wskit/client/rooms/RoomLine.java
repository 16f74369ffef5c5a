package dev.wskit.client.rooms;

/**
 * One line typed into {@code rooms}: a chat message, or a command. Immutable.
 *
 * @param kind     what the line asks for
 * @param argument the text to say, the file to attach, or the problem (INVALID)
 * @param extra    the media type for ATTACH (null: guess), unused otherwise
 * @param since    the sequence number for HISTORY
 */
public record RoomLine(Kind kind, String argument, String extra, long since) {

    public enum Kind { SAY, ATTACH, HISTORY, WHO, QUIT, HELP, NOTHING, INVALID }

    static final String HELP_TEXT = """
            commands:
              TEXT                  say TEXT to the room
              /attach FILE [TYPE]   send a file (TYPE e.g. image/png; guessed from the name if left out)
              /history [SINCE]      replay what the room still holds after message SINCE (default 0: all)
              /who                  list who is in the room
              /quit                 leave (close 1000)
              //TEXT                say "/TEXT"
              /help                 this list""";

    /** Parses a typed line; blank lines are NOTHING (a room refuses blank text). */
    public static RoomLine parse(String line) {
        if (line.isBlank()) {
            return new RoomLine(Kind.NOTHING, "", null, 0);
        }
        if (!line.startsWith("/")) {
            return say(line);
        }
        if (line.startsWith("//")) {
            return say(line.substring(1));
        }
        String[] words = line.strip().split("\\s+");
        String command = words[0];
        return switch (command) {
            case "/quit" -> new RoomLine(Kind.QUIT, "", null, 0);
            case "/who" -> new RoomLine(Kind.WHO, "", null, 0);
            case "/help" -> new RoomLine(Kind.HELP, "", null, 0);
            case "/history" -> history(words);
            case "/attach" -> words.length == 2 || words.length == 3
                    ? new RoomLine(Kind.ATTACH, words[1], words.length == 3 ? words[2] : null, 0)
                    : invalid("usage: /attach FILE [TYPE]");
            default -> invalid("unknown command " + command + " (/help lists them; //TEXT says /TEXT)");
        };
    }

    public static RoomLine say(String text) {
        return text.isBlank() ? new RoomLine(Kind.NOTHING, "", null, 0) : new RoomLine(Kind.SAY, text, null, 0);
    }

    private static RoomLine history(String[] words) {
        if (words.length == 1) {
            return new RoomLine(Kind.HISTORY, "", null, 0);
        }
        if (words.length == 2) {
            try {
                long since = Long.parseLong(words[1]);
                if (since >= 0) {
                    return new RoomLine(Kind.HISTORY, "", null, since);
                }
            } catch (NumberFormatException e) {
                // Falls through to the usage line.
            }
        }
        return invalid("usage: /history [SINCE], SINCE a message number, 0 or more");
    }

    private static RoomLine invalid(String problem) {
        return new RoomLine(Kind.INVALID, problem, null, 0);
    }
}
