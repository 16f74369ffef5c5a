package dev.wskit.ops;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A JSR-356 {@link Session} without a container, for unit tests of operations: it has an id, a request URI, a
 * subprotocol and user properties, and records the closes asked of it. Anything else throws. Thread-safe.
 */
final class FakeSession {

    final List<CloseReason> closes = new CopyOnWriteArrayList<>();
    final Map<String, Object> properties = new HashMap<>();
    final Session session;

    FakeSession(String id, String uri, String subprotocol) {
        session = (Session) Proxy.newProxyInstance(Session.class.getClassLoader(), new Class<?>[] {Session.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getId" -> id;
                    case "getRequestURI" -> URI.create(uri);
                    case "getNegotiatedSubprotocol" -> subprotocol;
                    case "getUserProperties" -> properties;
                    case "isOpen" -> closes.isEmpty();
                    case "close" -> {
                        closes.add(args == null ? new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "")
                                : (CloseReason) args[0]);
                        yield null;
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "FakeSession[" + id + "]";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
