package dev.wskit.auth;

import java.time.Instant;

/**
 * Who a verified token says the client is: its subject, the nick it may use in rooms (the {@code nick} claim, else
 * the subject) and when the token expires. The token is checked once, at the handshake: a connection outlives its
 * token. Immutable.
 */
public record Identity(String subject, String nick, Instant expires) {
}
