package dev.wskit.edge;

import dev.wskit.auth.Identity;
import dev.wskit.auth.TokenRefused;
import dev.wskit.auth.TokenVerifier;
import dev.wskit.auth.Tokens;
import dev.wskit.config.Setting;
import dev.wskit.config.Settings;
import dev.wskit.web.HandshakeGate;
import dev.wskit.web.HandshakeGate.Refusal;
import dev.wskit.web.HandshakeGate.Route;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.time.Clock;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The handshake gate's {@link HandshakeGate.Guard}: who the client is (its address, through trusted proxies), whether
 * it may open one more connection (per-address limits, else HTTP 429 with {@code Retry-After}), and who it signed
 * in as (a valid token, else HTTP 401), for every WebSocket path. Sign-in applies to every path but /echo and
 * /inspect, and to those too with {@code wskit.auth.echo=true}.
 *
 * <p>The {@link Admission} made for an upgrade is handed to the session by {@link EdgeConfigurator}, found by the
 * request's {@code Sec-WebSocket-Key} while the handshake is in progress (a key already in use by another handshake
 * in progress is refused with 400); whatever the upgrade did not take is released when the request is answered, and
 * the session's endpoint releases the rest when it closes ({@link #closed}).
 *
 * <p>Thread-safe: the pending map is concurrent and holds entries only while their request is in the gate; the
 * limiter and verifier are thread-safe.
 */
public final class Edge implements HandshakeGate.Guard {

    private static final System.Logger LOG = System.getLogger(Edge.class.getName());

    /** Request attribute holding the admission made for this request. */
    private static final String ATTRIBUTE = Admission.PROPERTY;

    /** Routes open to everyone unless {@code wskit.auth.echo=true}. */
    private static final Set<String> ECHO_ROUTES = Set.of("/echo", "/inspect");

    /** Labels of the edge's refusals ({@link Refusal#label()}), as the operations metrics count them. */
    public static final String AUTH = "auth";
    public static final String RATE = "rate";
    public static final String CONNECTIONS = "connections";

    private final TrustedProxies proxies;
    private final AddressLimiter limiter;
    private final TokenVerifier verifier;
    private final boolean signInEcho;
    private final Map<String, Admission> pending = new ConcurrentHashMap<>();

    public Edge(TrustedProxies proxies, AddressLimiter limiter, TokenVerifier verifier, boolean signInEcho) {
        this.proxies = Objects.requireNonNull(proxies);
        this.limiter = limiter != null && limiter.isOn() ? limiter : null;
        this.verifier = verifier;
        this.signInEcho = signInEcho;
    }

    /**
     * The edge the settings ask for.
     *
     * @throws IllegalArgumentException naming the setting, for a bad proxy list, secret, key file or flag
     */
    public static Edge from(Settings settings, Clock clock) {
        String echo = settings.text(Setting.AUTH_ECHO);
        if (!echo.equals("true") && !echo.equals("false")) {
            throw new IllegalArgumentException(Setting.AUTH_ECHO.key() + " must be true or false, not '" + echo + "'");
        }
        AddressLimiter limiter = new AddressLimiter(settings.getInt(Setting.EDGE_MAX_CONNECTIONS_PER_ADDRESS),
                settings.getInt(Setting.EDGE_MAX_HANDSHAKES_PER_SECOND), settings.getInt(Setting.EDGE_HANDSHAKE_BURST),
                settings.getInt(Setting.EDGE_MAX_TRACKED_ADDRESSES), System::nanoTime);
        return new Edge(new TrustedProxies(settings.text(Setting.EDGE_TRUSTED_PROXIES)), limiter,
                TokenVerifier.from(settings, clock), echo.equals("true"));
    }

    /** Whether sign-in is on at all. */
    public boolean signInOn() {
        return verifier != null;
    }

    /** Whether a token is required on the route with this pattern. */
    public boolean signInRequired(String pattern) {
        return verifier != null && (signInEcho || !ECHO_ROUTES.contains(pattern));
    }

    /**
     * The scheme the client used: {@code X-Forwarded-Proto} ({@code http} or {@code https}, its first value) when
     * the TCP peer is a trusted proxy, else the request's own. The origin check of rooms compares with it.
     */
    public String schemeOf(HttpServletRequest request) {
        String forwarded = request.getHeader("X-Forwarded-Proto");
        if (forwarded != null && proxies.trusts(Addresses.parse(request.getRemoteAddr()))) {
            String first = forwarded.split(",")[0].trim().toLowerCase(java.util.Locale.ROOT);
            if (first.equals("http") || first.equals("https")) {
                return first;
            }
        }
        return request.getScheme();
    }

    @Override
    public Refusal admit(HttpServletRequest request, Route route) {
        InetAddress peer = Addresses.parse(request.getRemoteAddr());
        InetAddress client = proxies.clientOf(peer, Collections.list(request.getHeaders("X-Forwarded-For")));
        String shown = client == null ? request.getRemoteAddr() : Addresses.show(client);
        AddressLimiter.Permit permit = null;
        if (limiter != null && client != null) {
            AddressLimiter.Decision d = limiter.admit(Addresses.limitKey(client));
            if (d instanceof AddressLimiter.Limited limited) {
                return refuse(shown, new Refusal(429, limited.reason(), limited.limit(),
                        Map.of("Retry-After", Integer.toString(limited.retryAfterSeconds()))));
            }
            permit = (AddressLimiter.Permit) d;
        }
        Identity identity = null;
        if (signInRequired(route.pattern())) {
            try {
                identity = verifier.verify(Tokens.of(request));
            } catch (TokenRefused e) {
                if (permit != null) {
                    permit.release();
                }
                String challenge = e.reason() == TokenRefused.Reason.MISSING ? "Bearer realm=\"wskit\""
                        : "Bearer realm=\"wskit\", error=\"invalid_token\"";
                return refuse(shown, new Refusal(401, e.getMessage(), AUTH, Map.of("WWW-Authenticate", challenge)));
            }
        }
        Admission admission = new Admission(shown, client != null && !client.equals(peer), identity, permit);
        String key = request.getHeader("Sec-WebSocket-Key");
        if (key != null && pending.putIfAbsent(key, admission) != null) {
            admission.release();
            return Refusal.badRequest("key", "Sec-WebSocket-Key is in use by another handshake in progress; send a fresh"
                    + " random key with every handshake");
        }
        request.setAttribute(ATTRIBUTE, admission);
        return null;
    }

    @Override
    public void done(HttpServletRequest request, HttpServletResponse response) {
        if (!(request.getAttribute(ATTRIBUTE) instanceof Admission admission)) {
            return;
        }
        request.removeAttribute(ATTRIBUTE);
        String key = request.getHeader("Sec-WebSocket-Key");
        boolean handedOver = key != null && !pending.remove(key, admission);
        if (!handedOver || response.getStatus() != HttpServletResponse.SC_SWITCHING_PROTOCOLS) {
            admission.release();
        }
    }

    /**
     * Called by {@link EdgeConfigurator} during the upgrade: moves the pending admission into the session's properties.
     *
     * @return the admission moved, or {@code null} when this upgrade has none
     */
    public Admission handOver(String key, Map<String, Object> userProperties) {
        Admission admission = key == null ? null : pending.remove(key);
        if (admission != null) {
            userProperties.put(Admission.PROPERTY, admission);
        }
        return admission;
    }

    /**
     * Called first in an endpoint's {@code @OnOpen}: a session that needs sign-in but has no admission (its
     * handshake went around the gate) is closed with 1008.
     *
     * @return whether the endpoint may go on
     */
    public boolean opened(Session session, String pattern) throws IOException {
        if (signInRequired(pattern) && Admission.of(session) == null) {
            session.close(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY,
                    "not signed in: this handshake did not pass wskit's gate"));
            return false;
        }
        return true;
    }

    /** Called in an endpoint's {@code @OnClose} and {@code @OnError}: gives the connection's permit back. Idempotent. */
    public static void closed(Session session) {
        Admission admission = Admission.of(session);
        if (admission != null) {
            admission.release();
        }
    }

    private static Refusal refuse(String client, Refusal refusal) {
        LOG.log(Level.DEBUG, "{0} | refused | {1} {2}: {3}", client, refusal.status(), refusal.label(), refusal.reason());
        return refusal;
    }

    /** Forgets pending admissions: the web application is stopping. */
    public void close() {
        pending.clear();
    }
}
