package dev.wskit.arquillian;

import dev.wskit.echo.EchoContract;
import dev.wskit.testing.Deployment;
import java.net.URL;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Client mode: the whole echo contract (text, binary, 16 MiB, fragments, limits, knobs, 400 refusals, subprotocol,
 * permessage-deflate, /inspect) against a ShrinkWrap micro-deployment of the echo classes and the shipped web.xml,
 * deployed by Arquillian to embedded Jetty 12.1 at a non-root context path. The tests run in the test JVM and
 * talk to the deployment over real sockets only.
 */
@ExtendWith(ArquillianExtension.class)
class EchoContractArquillianTest extends EchoContract {

    @org.jboss.arquillian.container.test.api.Deployment(testable = false)
    static WebArchive deployment() {
        return WskitArchives.echo("wskit-echo.war");
    }

    @ArquillianResource
    private URL contextRoot;

    @Override
    protected Deployment server() {
        return ContextRoot.of(contextRoot);
    }
}
