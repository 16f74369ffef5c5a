package dev.wskit.testing;

import java.net.URI;

/** A running wskit, addressed by URL only: embedded Jetty, a Jetty or Tomcat distribution, embedded Tomcat. */
public interface Deployment {

    /** The web application's root without a trailing slash, e.g. {@code http://127.0.0.1:41234/wskit}. */
    URI root();

    /** {@code http("/echo")}: the HTTP URL of a path within the application. */
    default URI http(String path) {
        return URI.create(root() + path);
    }

    /** {@code ws("/echo?delay=5")}: the same with the WebSocket scheme ({@code ws:} for http, {@code wss:} for https). */
    default URI ws(String path) {
        return URI.create("ws" + http(path).toString().substring("http".length()));
    }
}
