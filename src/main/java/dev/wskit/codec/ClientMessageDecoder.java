package dev.wskit.codec;

import jakarta.websocket.DecodeException;
import jakarta.websocket.Decoder;
import jakarta.websocket.EndpointConfig;
import java.util.Map;

/**
 * JSON text to {@link ClientMessage}. Unknown fields are ignored (newer clients), unknown types are not.
 * Stateless apart from its size bound; thread-safe.
 */
public final class ClientMessageDecoder implements Decoder.Text<ClientMessage> {

    /**
     * The endpoint user property (a {@link Number}, UTF-8 bytes) that bounds a declared decoder, read in
     * {@link #init}: a wskit server puts {@code wskit.rooms.maxTextMessageSize} there.
     */
    public static final String MAX_BYTES = "dev.wskit.codec.ClientMessageDecoder.maxBytes";

    /** The bound without {@link #MAX_BYTES}: 16 KiB, the default of {@code wskit.rooms.maxTextMessageSize}. */
    public static final long DEFAULT_MAX_BYTES = 16 * 1024;

    /** The longest {@code epoch} a client may send (a server's are 16 characters). */
    public static final int MAX_EPOCH = 64;

    private volatile long maxBytes;

    /** Bounded by {@link #DEFAULT_MAX_BYTES} until {@link #init} finds {@link #MAX_BYTES}. */
    public ClientMessageDecoder() {
        this(DEFAULT_MAX_BYTES);
    }

    public ClientMessageDecoder(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Takes the bound from the endpoint's {@link #MAX_BYTES} user property, when it has one. */
    @Override
    public void init(EndpointConfig config) {
        maxBytes = Bounds.read(config, MAX_BYTES, maxBytes);
    }

    /** Total: a cheap look at the message (a JSON object within the bound); {@link #decode} says the rest. */
    @Override
    public boolean willDecode(String s) {
        return s != null && Json.looksLikeObject(s) && Utf8.length(s) <= maxBytes;
    }

    @Override
    public ClientMessage decode(String s) throws DecodeException {
        if (s == null) {
            throw new DecodeException((String) null, "no message");
        }
        long size = Utf8.length(s);
        if (size > maxBytes) {
            throw new DecodeException(s.substring(0, 64), "message of " + size + " bytes is over the limit of " + maxBytes);
        }
        return parse(s);
    }

    /** {@link #decode} once the message is known to be within the bound. */
    private static ClientMessage parse(String s) throws DecodeException {
        Map<String, Object> f = Json.parseObject(s);
        Object type = f.get("type");
        if (!(type instanceof String t)) {
            throw new DecodeException(s, "field 'type' is missing; expected join, say or history");
        }
        switch (t) {
            case "join":
                return new ClientMessage.Join(Json.string(f, "nick", s), Json.optionalLong(f, "since", s), epoch(f, s));
            case "say":
                return new ClientMessage.Say(Json.string(f, "text", s));
            case "history":
                return new ClientMessage.History(Json.requiredLong(f, "since", s), epoch(f, s));
            default:
                throw new DecodeException(s, "unknown message type '" + t + "'; expected join, say or history");
        }
    }

    /** The optional {@code epoch}: 1 to {@link #MAX_EPOCH} characters. */
    private static String epoch(Map<String, Object> f, String s) throws DecodeException {
        String e = Json.optionalString(f, "epoch", s);
        if (e != null && (e.isEmpty() || e.length() > MAX_EPOCH)) {
            throw new DecodeException(s, "field 'epoch' must be 1 to " + MAX_EPOCH + " characters");
        }
        return e;
    }

    /**
     * The decoder a server endpoint declares: every text message decodes, the ones {@link ClientMessageDecoder}
     * refuses to a {@link ClientMessage.Unreadable} carrying its reason (and whether the message is over the bound),
     * instead of a {@link DecodeException} thrown to the container. The containers disagree on that exception: Tomcat
     * 11 hands it to {@code @OnError} and keeps the connection, Jetty 12 closes the connection with 1003; a room
     * answers bad input with an error message on the open connection, so the endpoint must get the refusal itself.
     * Bounded and initialised like {@link ClientMessageDecoder}; thread-safe.
     */
    public static final class Total implements Decoder.Text<ClientMessage> {

        /**
         * The UTF-8 size of the message this thread decoded last. Both containers decode a whole text message and
         * call the endpoint's {@code @OnMessage} with it on one thread, one after the other, so the endpoint reads
         * here what its message measured (wskit counts the bytes it receives) without measuring it again. A
         * {@code long[1]} per thread (a JDK class: nothing of the web application stays in the container's threads).
         */
        private static final ThreadLocal<long[]> LAST_SIZE = new ThreadLocal<>();

        private final ClientMessageDecoder strict = new ClientMessageDecoder();

        /** The UTF-8 size of the text message this thread decoded last; 0 before the first. */
        public static long lastSize() {
            long[] last = LAST_SIZE.get();
            return last == null ? 0 : last[0];
        }

        private static void remember(long size) {
            long[] last = LAST_SIZE.get();
            if (last == null) {
                last = new long[1];
                LAST_SIZE.set(last);
            }
            last[0] = size;
        }

        /** Takes the bound from the endpoint's {@link ClientMessageDecoder#MAX_BYTES} user property, if any. */
        @Override
        public void init(EndpointConfig config) {
            strict.init(config);
        }

        /** Every text message decodes, to a request or to {@link ClientMessage.Unreadable}. */
        @Override
        public boolean willDecode(String s) {
            return true;
        }

        @Override
        public ClientMessage decode(String s) {
            if (s == null) {
                remember(0);
                return new ClientMessage.Unreadable("no message", false);
            }
            long size = Utf8.length(s);
            remember(size);
            if (size > strict.maxBytes) {
                return new ClientMessage.Unreadable("text message over " + strict.maxBytes + " bytes", true);
            }
            try {
                return parse(s); // measured above
            } catch (DecodeException e) {
                return new ClientMessage.Unreadable(e.getMessage(), false);
            }
        }
    }
}
