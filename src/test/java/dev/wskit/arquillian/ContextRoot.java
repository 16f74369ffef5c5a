package dev.wskit.arquillian;

import dev.wskit.testing.Deployment;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;

/**
 * A deployment addressed by the context root Arquillian injects ({@code @ArquillianResource URL}, e.g.
 * {@code http://127.0.0.1:41234/wskit-echo/}): {@code ws("/echo?x=1")} is {@code ws://127.0.0.1:41234/wskit-echo/echo?x=1}.
 * Immutable.
 */
public record ContextRoot(URI base) implements Deployment {

    public static ContextRoot of(URL contextRoot) {
        try {
            URI uri = contextRoot.toURI();
            return new ContextRoot(uri.getPath().endsWith("/") ? uri : URI.create(uri + "/"));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URI: " + contextRoot, e);
        }
    }

    @Override
    public URI http(String path) {
        return base.resolve(path.startsWith("/") ? path.substring(1) : path);
    }

    @Override
    public URI ws(String path) {
        URI http = http(path);
        return URI.create((http.getScheme().equals("https") ? "wss" : "ws") + http.toString().substring(http.getScheme().length()));
    }
}
