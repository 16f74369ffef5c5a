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
public record ContextRoot(URI root) implements Deployment {

    public static ContextRoot of(URL contextRoot) {
        try {
            String uri = contextRoot.toURI().toString();
            return new ContextRoot(URI.create(uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URI: " + contextRoot, e);
        }
    }
}
