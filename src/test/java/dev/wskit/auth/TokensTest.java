package dev.wskit.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokensTest {

    /** A request with these query parameters and Authorization headers, and nothing else. */
    private static HttpServletRequest request(Map<String, String[]> query, List<String> authorization) {
        return (HttpServletRequest) Proxy.newProxyInstance(TokensTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getParameterValues" -> query.get((String) args[0]);
                    case "getHeaders" -> Collections.enumeration("Authorization".equalsIgnoreCase((String) args[0])
                            ? authorization : List.of());
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void takesTheTokenFromTheQueryOrABearerHeader() throws TokenRefused {
        assertEquals("q.t.s", Tokens.of(request(Map.of("access_token", new String[] {"q.t.s"}), List.of())));
        assertEquals("h.t.s", Tokens.of(request(Map.of(), List.of("Bearer h.t.s"))));
        assertEquals("h.t.s", Tokens.of(request(Map.of(), List.of("bearer   h.t.s "))));
        assertNull(Tokens.of(request(Map.of(), List.of())));
        assertNull(Tokens.of(request(Map.of(), List.of("Basic YWxhZGRpbjpvcGVuc2VzYW1l"))));
    }

    @Test
    void refusesATokenSentTwiceOrEmpty() {
        assertEquals(TokenRefused.Reason.MALFORMED, assertThrows(TokenRefused.class,
                () -> Tokens.of(request(Map.of("access_token", new String[] {"a"}), List.of("Bearer b")))).reason());
        assertThrows(TokenRefused.class, () -> Tokens.of(request(Map.of("access_token", new String[] {"a", "b"}), List.of())));
        assertThrows(TokenRefused.class, () -> Tokens.of(request(Map.of("access_token", new String[] {""}), List.of())));
    }

    @Test
    void redactsTokensFromUrisQueriesAndHeaders() {
        assertEquals("/rooms/a?access_token=[redacted]", Tokens.redactUri("/rooms/a?access_token=eyJ.x.y"));
        assertEquals("/echo?delay=5&access_token=[redacted]&repeat=2", Tokens.redactUri("/echo?delay=5&access_token=eyJ.x.y&repeat=2"));
        assertEquals("/echo?ACCESS%5Ftoken=[redacted]", Tokens.redactUri("/echo?ACCESS%5Ftoken=eyJ"));
        assertEquals("/echo?my_token=x", Tokens.redactUri("/echo?my_token=x"));
        assertEquals(Map.of("access_token", List.of("[redacted]"), "delay", List.of("5")),
                Tokens.redactQuery(Map.of("access_token", List.of("eyJ"), "delay", List.of("5"))));
        assertEquals(List.of("Bearer [redacted]"), Tokens.redactHeader("authorization", List.of("Bearer eyJ.x.y")));
        assertEquals(List.of("[redacted]"), Tokens.redactHeader("Authorization", List.of("eyJ")));
        assertEquals(List.of("keep"), Tokens.redactHeader("X-Other", List.of("keep")));
    }
}
