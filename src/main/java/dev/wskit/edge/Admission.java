package dev.wskit.edge;

import dev.wskit.auth.Identity;
import jakarta.websocket.Session;

/**
 * What the edge decided about one WebSocket connection at its handshake: the client's address (after trusted
 * proxies), who its token names (when sign-in is on), and the per-address permit to give back when it closes.
 * Travels from the handshake gate to the session through {@link EdgeConfigurator}, and is found in the session's
 * user properties under {@link #PROPERTY}.
 *
 * <p>Thread-safe: immutable; the permit counts itself released once, under its limiter's lock.
 */
public final class Admission {

    /** Session user property holding the admission. */
    public static final String PROPERTY = "dev.wskit.edge.admission";

    private final String clientAddress;
    private final boolean forwarded;
    private final Identity identity;
    private final AddressLimiter.Permit permit;

    Admission(String clientAddress, boolean forwarded, Identity identity, AddressLimiter.Permit permit) {
        this.clientAddress = clientAddress;
        this.forwarded = forwarded;
        this.identity = identity;
        this.permit = permit;
    }

    /** The admission of a session, or {@code null} when its handshake did not pass the gate (a bare deployment). */
    public static Admission of(Session session) {
        Object a = session.getUserProperties().get(PROPERTY);
        return a instanceof Admission admission ? admission : null;
    }

    /** The client's address: the TCP peer, or the address a trusted proxy forwarded. */
    public String clientAddress() {
        return clientAddress;
    }

    /** Whether {@link #clientAddress()} is one a trusted proxy forwarded, rather than the TCP peer. */
    public boolean forwarded() {
        return forwarded;
    }

    /** Who the client signed in as; {@code null} when sign-in is off for this path. */
    public Identity identity() {
        return identity;
    }

    /** Gives the per-address permit back. Idempotent. */
    public void release() {
        if (permit != null) {
            permit.release();
        }
    }

    @Override
    public String toString() {
        return clientAddress + (identity == null ? "" : " as " + identity.nick());
    }
}
