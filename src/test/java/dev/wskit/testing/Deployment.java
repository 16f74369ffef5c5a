package dev.wskit.testing;

import java.net.URI;

/** A running wskit, addressed by URL only: embedded Jetty, a Jetty or Tomcat distribution, embedded Tomcat. */
public interface Deployment {

    URI http(String path);

    URI ws(String path);
}
