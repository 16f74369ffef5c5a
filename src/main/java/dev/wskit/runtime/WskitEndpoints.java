package dev.wskit.runtime;

import dev.wskit.codec.AttachmentDecoder;
import dev.wskit.codec.ClientMessageDecoder;
import dev.wskit.codec.StrokesDecoder;
import dev.wskit.config.Setting;
import dev.wskit.config.Settings;
import dev.wskit.echo.EchoEndpoint;
import dev.wskit.echo.InspectEndpoint;
import dev.wskit.rooms.BoardEndpoint;
import dev.wskit.rooms.RoomEndpoint;
import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerApplicationConfig;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which endpoints wskit deploys, and how: {@link WskitBootstrap} adds each of {@link #ALL} with
 * {@code ServerContainer.addEndpoint(ServerEndpointConfig)}, the config built by {@link #config} from the class's own
 * {@link ServerEndpoint} annotation (path, subprotocols, decoders, encoders, configurator), so the annotation stays
 * the one place an endpoint is described, plus the user properties that carry the {@link WskitRuntime}.
 *
 * <p>As a {@link ServerApplicationConfig}, found by the containers' scanning (Jetty 12.1 and Tomcat 11 both honour
 * it), it tells them to deploy no annotated class themselves: they would deploy the same paths a second time, without
 * a runtime. Portability notes: Jetty merges the given config with the annotation and instantiates the annotation's
 * configurator itself, so configurators are stateless and read the runtime from the config they are handed; both
 * containers copy the user properties into each session's config, where {@code @OnOpen} finds them.
 *
 * <p>Stateless; thread-safe.
 */
public final class WskitEndpoints implements ServerApplicationConfig {

    /** Every wskit endpoint. A new {@code @ServerEndpoint} class is deployed only once it is listed here. */
    public static final List<Class<?>> ALL = List.of(EchoEndpoint.class, InspectEndpoint.class, RoomEndpoint.class,
            BoardEndpoint.class);

    /** Called by the container's scanning: wskit deploys its endpoints itself. */
    public WskitEndpoints() {
    }

    @Override
    public Set<ServerEndpointConfig> getEndpointConfigs(Set<Class<? extends Endpoint>> scanned) {
        return Set.of();
    }

    @Override
    public Set<Class<?>> getAnnotatedEndpointClasses(Set<Class<?>> scanned) {
        return Set.of();
    }

    /**
     * The deployment of one annotated endpoint: what its {@code @ServerEndpoint} says, with the runtime and the
     * bounds of the declared decoders (from the runtime's settings, under the keys the codecs define) in the
     * config's user properties.
     *
     * @throws IllegalArgumentException when the class is not annotated or its configurator cannot be made
     */
    public static ServerEndpointConfig config(Class<?> endpoint, WskitRuntime runtime) {
        ServerEndpoint annotation = endpoint.getAnnotation(ServerEndpoint.class);
        if (annotation == null) {
            throw new IllegalArgumentException(endpoint.getName() + " has no @ServerEndpoint annotation");
        }
        ServerEndpointConfig.Builder builder = ServerEndpointConfig.Builder.create(endpoint, annotation.value())
                .subprotocols(List.of(annotation.subprotocols()))
                .decoders(List.of(annotation.decoders()))
                .encoders(List.of(annotation.encoders()));
        if (annotation.configurator() != ServerEndpointConfig.Configurator.class) {
            builder.configurator(configurator(annotation.configurator()));
        }
        ServerEndpointConfig config = builder.build();
        Settings settings = runtime.settings();
        Map<String, Object> properties = config.getUserProperties();
        properties.put(WskitRuntime.USER_PROPERTY, runtime);
        properties.put(ClientMessageDecoder.MAX_BYTES, settings.get(Setting.ROOMS_MAX_TEXT_MESSAGE_SIZE));
        properties.put(AttachmentDecoder.MAX_BYTES, settings.get(Setting.ROOMS_MAX_ATTACHMENT_SIZE));
        properties.put(StrokesDecoder.MAX_BYTES, settings.get(Setting.BOARDS_MAX_MESSAGE_SIZE));
        return config;
    }

    private static ServerEndpointConfig.Configurator configurator(Class<? extends ServerEndpointConfig.Configurator> type) {
        try {
            return type.getDeclaredConstructor().newInstance();
        } catch (InstantiationException | IllegalAccessException | InvocationTargetException | NoSuchMethodException e) {
            throw new IllegalArgumentException("cannot instantiate configurator " + type.getName(), e);
        }
    }
}
