package dev.wskit.rooms;

import dev.wskit.config.Setting;
import dev.wskit.runtime.WskitRuntime;
import dev.wskit.web.HandshakeGate;
import dev.wskit.web.HandshakeGate.Refusal;
import dev.wskit.web.HandshakeGate.Route;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The handshake rules of /rooms/{room} and /boards/{board}: a valid name (else 400), and a browser origin that is
 * this server's own or on {@code wskit.rooms.allowedOrigins} (else 403), the defence against cross-site WebSocket
 * hijacking. Requests without an Origin header come from non-browser clients and pass. Immutable; thread-safe.
 */
public final class RoomRoutes {

    private final Set<String> allowed;
    private final boolean any;
    /** The scheme the browser used: the request's, or the one a trusted proxy forwarded. */
    private final Function<HttpServletRequest, String> scheme;

    RoomRoutes(String allowedOrigins) {
        this(allowedOrigins, HttpServletRequest::getScheme);
    }

    RoomRoutes(String allowedOrigins, Function<HttpServletRequest, String> scheme) {
        this.scheme = scheme;
        this.allowed = Arrays.stream(allowedOrigins.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(RoomRoutes::normalise).collect(Collectors.toUnmodifiableSet());
        this.any = allowed.contains("*");
    }

    /** Adds the routes, with the origins the runtime's settings allow. */
    public static void install(HandshakeGate gate, WskitRuntime runtime) {
        RoomRoutes routes = new RoomRoutes(runtime.settings().text(Setting.ROOMS_ALLOWED_ORIGINS), runtime.edge()::schemeOf);
        gate.add(new Route("/rooms/*", "a chat room: send {\"type\":\"join\",\"nick\":\"you\"} then"
                + " {\"type\":\"say\",\"text\":\"...\"}; see the README, Rooms.", r -> routes.check(r, "/rooms/")));
        gate.add(new Route("/boards/*", "a shared drawing board of binary stroke messages; see the README, Rooms.",
                r -> routes.check(r, "/boards/")));
    }

    Refusal check(HttpServletRequest request, String prefix) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String why = Names.checkRoom(path.substring(Math.min(prefix.length(), path.length())));
        if (why != null) {
            return Refusal.badRequest("name", why);
        }
        String origin = request.getHeader("Origin");
        if (origin == null || allows(origin, scheme.apply(request), request.getHeader("Host"))) {
            return null;
        }
        return Refusal.forbidden("origin", "origin " + origin + " may not open rooms or boards here;"
                + " the server allows its own origin and wskit.rooms.allowedOrigins");
    }

    /** Whether a browser page from {@code origin} may connect to this server, reached as {@code scheme://host}. */
    boolean allows(String origin, String scheme, String host) {
        String o = normalise(origin);
        if (any || allowed.contains(o)) {
            return true;
        }
        return host != null && o.equals(normalise(scheme + "://" + host));
    }

    static String normalise(String origin) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        while (o.endsWith("/")) {
            o = o.substring(0, o.length() - 1);
        }
        if (o.startsWith("http://") && o.endsWith(":80")) {
            o = o.substring(0, o.length() - 3);
        } else if (o.startsWith("https://") && o.endsWith(":443")) {
            o = o.substring(0, o.length() - 4);
        }
        return o;
    }
}
