package dev.wskit.client.connect;

/**
 * One line of interactive input, parsed: plain text to send, or a slash command. Immutable.
 *
 * @param kind     what to do
 * @param argument the text, file name, ping payload, close reason, or the error message for INVALID
 * @param code     the close code for CLOSE
 */
public record InputLine(Kind kind, String argument, int code) {

    public enum Kind { TEXT, BINARY, PING, CLOSE, HELP, INVALID }

    static final String HELP_TEXT = """
            Type a line to send it as a text message. Commands:
              /binary FILE          send the file's bytes as one binary message
              /ping [TEXT]          send a ping (a pong is printed when it comes back)
              /close [CODE [REASON]] close with CODE (default 1000) and REASON, then exit
              /quit                 close with 1000 and exit
              //TEXT                send "/TEXT" as text
              /help                 this list""";

    public static InputLine text(String text) {
        return new InputLine(Kind.TEXT, text, 0);
    }

    public static InputLine parse(String line) {
        if (!line.startsWith("/")) {
            return text(line);
        }
        if (line.startsWith("//")) {
            return text(line.substring(1));
        }
        String[] words = line.substring(1).split(" ", 2);
        String rest = words.length > 1 ? words[1].trim() : "";
        return switch (words[0]) {
            case "binary", "file" -> rest.isEmpty() ? invalid("usage: /binary FILE") : new InputLine(Kind.BINARY, rest, 0);
            case "ping" -> new InputLine(Kind.PING, rest, 0);
            case "quit", "exit" -> new InputLine(Kind.CLOSE, "", 1000);
            case "help", "?" -> new InputLine(Kind.HELP, "", 0);
            case "close" -> close(rest);
            default -> invalid("unknown command /" + words[0] + " (/help lists them; //text sends /text)");
        };
    }

    private static InputLine close(String rest) {
        if (rest.isEmpty()) {
            return new InputLine(Kind.CLOSE, "", 1000);
        }
        String[] parts = rest.split(" ", 2);
        int code;
        try {
            code = Integer.parseInt(parts[0]);
        } catch (NumberFormatException e) {
            return invalid("usage: /close [CODE [REASON]], CODE a number like 1000 or 4000");
        }
        // 1005, 1006 and 1015 are reserved for reporting and must never be sent.
        boolean valid = (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
        if (!valid) {
            return invalid("close code " + code + " cannot be sent: use 1000-1003, 1007-1014 or 3000-4999");
        }
        String reason = parts.length > 1 ? parts[1] : "";
        if (reason.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 123) {
            return invalid("close reason too long: at most 123 UTF-8 bytes");
        }
        return new InputLine(Kind.CLOSE, reason, code);
    }

    private static InputLine invalid(String message) {
        return new InputLine(Kind.INVALID, message, 0);
    }
}
