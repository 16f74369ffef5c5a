package dev.wskit.ops;

/**
 * Who is at the other end of a request: the socket's remote address and, when a trusted proxy forwarded the request,
 * the client address it named ({@code null} otherwise). {@code proxied} says the request carried a forwarding header
 * ({@code Forwarded}, {@code X-Forwarded-For}), trusted or not. Immutable.
 */
public record Peer(String remote, String forwarded, boolean proxied) {

    /** The address to judge the request by: the forwarded one when a trusted proxy gave it, else the remote. */
    public String client() {
        return forwarded != null ? forwarded : remote;
    }

    /** Whether the request carries a header by which a proxy names the client. */
    public static boolean hasForwardingHeader(jakarta.servlet.http.HttpServletRequest request) {
        return request.getHeader("Forwarded") != null || request.getHeader("X-Forwarded-For") != null;
    }

    /** The remote address of {@code request}; forwarding headers are not trusted (none are, yet). */
    public static Peer of(jakarta.servlet.http.HttpServletRequest request) {
        return new Peer(request.getRemoteAddr(), null, hasForwardingHeader(request));
    }
}
