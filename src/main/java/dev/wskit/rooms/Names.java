package dev.wskit.rooms;

import java.util.regex.Pattern;

/** What room, board and nick names may be. Stateless. */
public final class Names {

    private static final Pattern ROOM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Pattern NICK = Pattern.compile("[\\p{L}\\p{N}](?:[\\p{L}\\p{N} _.-]{0,30}[\\p{L}\\p{N}_.-])?");

    public static final String ROOM_RULE = "1 to 64 of A-Z a-z 0-9 _ . - starting with a letter or digit";
    public static final String NICK_RULE = "1 to 32 letters, digits, spaces, _ . - starting with a letter or digit,"
            + " not ending with a space";

    private Names() {
    }

    /** @return null when valid, else why not */
    public static String checkRoom(String name) {
        return name != null && ROOM.matcher(name).matches() ? null
                : "invalid name '" + clip(name) + "': use " + ROOM_RULE;
    }

    /** @return null when valid, else why not */
    public static String checkNick(String nick) {
        return nick != null && NICK.matcher(nick).matches() ? null
                : "invalid nick '" + clip(nick) + "': use " + NICK_RULE;
    }

    private static String clip(String s) {
        if (s == null) {
            return "";
        }
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
