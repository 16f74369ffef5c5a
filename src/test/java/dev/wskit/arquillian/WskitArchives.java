package dev.wskit.arquillian;

import com.fasterxml.jackson.core.JsonFactory;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jboss.shrinkwrap.api.ArchivePath;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * ShrinkWrap micro-deployments of wskit: only the packages a feature needs, built from the compiled main classes
 * ({@code target/classes}), never from test classes that share a package name. Stateless.
 */
public final class WskitArchives {

    /** The shipped web.xml, with the settings production starts with. */
    public static final File WEB_XML = new File("webapp/WEB-INF/web.xml");

    private static final Path MAIN_CLASSES = Path.of("target", "classes");

    /** One class of each metrics library the WAR ships (pom.xml, Metrics): the runtime starts the registry. */
    private static final java.util.List<Class<?>> METRICS_LIBRARIES = java.util.List.of(
            io.micrometer.prometheusmetrics.PrometheusMeterRegistry.class, io.micrometer.core.instrument.Counter.class,
            io.micrometer.common.KeyValue.class, io.micrometer.observation.Observation.class,
            io.prometheus.metrics.core.metrics.Counter.class, io.prometheus.metrics.model.snapshots.MetricSnapshots.class,
            io.prometheus.metrics.config.PrometheusProperties.class,
            io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter.class,
            io.prometheus.metrics.tracer.common.SpanContext.class);

    /** One class of Lettuce and of each jar it runs with (pom.xml, Redis backplane): the rooms hub can start it. */
    private static final java.util.List<Class<?>> REDIS_LIBRARIES = java.util.List.of(
            io.lettuce.core.RedisClient.class, io.netty.buffer.ByteBuf.class,
            io.netty.handler.codec.ByteToMessageDecoder.class, io.netty.handler.codec.dns.DnsRecord.class,
            io.netty.util.Version.class, io.netty.handler.ssl.SslContext.class,
            io.netty.resolver.AddressResolver.class, io.netty.resolver.dns.DnsNameResolver.class,
            io.netty.channel.Channel.class, io.netty.channel.unix.Socket.class, org.reactivestreams.Publisher.class,
            reactor.core.publisher.Mono.class);

    private WskitArchives() {
    }

    /**
     * The echo service: /echo and /inspect, the root package (Version), the runtime and its bootstrap (which deploys
     * the endpoints), the handshake gate (with the rooms' routes and classes, which the bootstrap installs too, and the
     * edge's sign-in and limits), operations (metrics, health, drain), the Redis backplane the rooms hub may start, the version resource, the
     * WAR's libraries (jackson-core, nimbus-jose-jwt, Lettuce and its jars, the metrics jars) and the shipped web.xml.
     */
    public static WebArchive echo(String warName) {
        if (!Files.isDirectory(MAIN_CLASSES.resolve("dev"))) {
            throw new IllegalStateException(MAIN_CLASSES + " is missing: run the tests through Maven (mvn verify)");
        }
        return ShrinkWrap.create(WebArchive.class, warName)
                .addPackages(false, WskitArchives::isMainClass, "dev.wskit", "dev.wskit.echo", "dev.wskit.config",
                        "dev.wskit.runtime", "dev.wskit.web", "dev.wskit.rooms", "dev.wskit.codec", "dev.wskit.ops",
                        "dev.wskit.edge", "dev.wskit.auth", "dev.wskit.rooms.redis")
                .addAsResource("dev/wskit/wskit.properties")
                .addAsResource("dev/wskit/rooms/redis/backplane.lua")
                .addAsLibraries(libraries())
                .setWebXML(WEB_XML);
    }

    /** A web.xml holding only these context parameters: every other setting keeps its default. */
    public static StringAsset webXml(Map<String, String> contextParams) {
        StringBuilder xml = new StringBuilder("""
                <?xml version="1.0" encoding="UTF-8"?>
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                """);
        contextParams.forEach((k, v) -> xml.append("  <context-param><param-name>").append(k)
                .append("</param-name><param-value>").append(v).append("</param-value></context-param>\n"));
        xml.append("</web-app>\n");
        return new StringAsset(xml.toString());
    }

    /** The jars the WAR ships in WEB-INF/lib: jackson-core, nimbus-jose-jwt, Lettuce's and the metrics libraries. */
    static File[] libraries() {
        return java.util.stream.Stream.concat(
                        java.util.stream.Stream.of(JsonFactory.class, com.nimbusds.jwt.SignedJWT.class),
                        java.util.stream.Stream.concat(REDIS_LIBRARIES.stream(), METRICS_LIBRARIES.stream()))
                .map(WskitArchives::jarOf).toArray(File[]::new);
    }

    private static boolean isMainClass(ArchivePath path) {
        return Files.isRegularFile(MAIN_CLASSES.resolve(path.get().substring(1)));
    }

    private static File jarOf(Class<?> type) {
        try {
            return new File(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the jar of " + type.getName(), e);
        }
    }
}
