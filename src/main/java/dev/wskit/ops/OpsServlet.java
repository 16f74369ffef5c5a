package dev.wskit.ops;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The operator's HTTP endpoints (README Operations):
 *
 * <ul>
 *   <li>{@code GET /metrics}: every meter in the Prometheus text format, to {@code wskit.ops.allowedAddresses} only
 *       (others 403 with a one-line reason; 404 when {@code wskit.metrics.enabled=false});</li>
 *   <li>{@code GET /health/live}, {@code GET /health/ready}: JSON, 200 or 503, to anyone (load balancers);</li>
 *   <li>{@code POST /drain}: drains for a restart and answers when it is done (a Kubernetes {@code preStop} hook),
 *       to {@code wskit.ops.allowedAddresses} only.</li>
 * </ul>
 *
 * <p>Thread-safe: stateless apart from the shared, thread-safe {@link Operations}.
 */
public final class OpsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** The paths this servlet is mapped to. */
    public static final String[] PATHS = {"/metrics", "/health/live", "/health/ready", "/drain"};

    private final transient Operations ops;

    public OpsServlet(Operations ops) {
        this.ops = ops;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        switch (request.getServletPath()) {
            case "/metrics" -> metrics(request, response);
            case "/health/live" -> health(response, ops.health().live());
            case "/health/ready" -> health(response, ops.health().ready());
            default -> {
                response.setHeader("Allow", "POST");
                answer(response, 405, "text/plain", "POST /drain starts a drain; see the README, Operations.\n");
            }
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"/drain".equals(request.getServletPath())) {
            response.setHeader("Allow", "GET");
            answer(response, 405, "text/plain", request.getServletPath() + " answers GET only.\n");
            return;
        }
        if (refused(request, response, "/drain")) {
            return;
        }
        int before = ops.connections().count();
        long start = System.nanoTime();
        boolean all = ops.drain();
        answer(response, 200, "application/json", "{\"drained\":" + all + ",\"connections\":" + before
                + ",\"left\":" + ops.connections().count() + ",\"tookMs\":" + (System.nanoTime() - start) / 1_000_000
                + "}\n");
    }

    private void metrics(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!ops.metrics().enabled()) {
            answer(response, 404, "text/plain", "Metrics are off (wskit.metrics.enabled=false).\n");
            return;
        }
        if (refused(request, response, "/metrics")) {
            return;
        }
        answer(response, 200, "text/plain; version=0.0.4; charset=utf-8", ops.metrics().scrape());
    }

    /** Sends 403 and returns true unless the request came straight from an allowed address. */
    private boolean refused(HttpServletRequest request, HttpServletResponse response, String what) throws IOException {
        Peer peer = Peer.of(request);
        if (peer.proxied() && peer.forwarded() == null) {
            answer(response, 403, "text/plain", what + " is refused to requests that came through a proxy"
                    + " (Forwarded or X-Forwarded-For): reach it directly from wskit.ops.allowedAddresses.\n");
            return true;
        }
        if (!ops.allowed().allows(peer.client())) {
            answer(response, 403, "text/plain", what + " answers wskit.ops.allowedAddresses (" + ops.allowed()
                    + ") only, not " + peer.client() + ".\n");
            return true;
        }
        return false;
    }

    private static void health(HttpServletResponse response, Health.Report report) throws IOException {
        answer(response, report.up() ? 200 : 503, "application/json", report.json() + "\n");
    }

    private static void answer(HttpServletResponse response, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType(type.contains("charset") ? type : type + ";charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
