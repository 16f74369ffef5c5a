package dev.wskit.runtime;

import dev.wskit.config.Setting;
import dev.wskit.config.Settings;
import java.util.Locale;

/**
 * The servlet container wskit runs in, told apart by {@code ServletContext.getServerInfo()} ("jetty/12.1.8",
 * "Apache Tomcat/11.0.24"), for the few places where the containers differ in ways the standard APIs do not show.
 * Anything unknown is treated like the more expensive of the two, so a new container is safe, if not tuned.
 *
 * <ul>
 *   <li><b>Per-session buffers.</b> Tomcat allocates a byte buffer of the session's maximum binary message buffer
 *       size and a char buffer of its maximum text size for every session when it opens (WsFrameBase's
 *       constructor): at 64 KiB that is about 200 KB per idle connection. Jetty reads into pooled buffers only
 *       while a message arrives. So {@link #messageBufferSize} defaults to 64 KiB on Jetty and 8 KiB elsewhere.</li>
 *   <li><b>Who owns a binary part.</b> Jetty hands {@code @OnMessage} a view of its network buffer, reused once the
 *       method returns; Tomcat hands a fresh copy of every part. {@link #ownsBinaryParts} says whether an endpoint
 *       may keep a part without copying it.</li>
 * </ul>
 *
 * <p>Immutable.
 */
public enum ContainerKind {

    JETTY(64 * 1024, false),
    TOMCAT(8 * 1024, true),
    /** An untested container: small buffers, and binary parts are copied. */
    OTHER(8 * 1024, false);

    private final int defaultBufferSize;
    private final boolean ownsBinaryParts;

    ContainerKind(int defaultBufferSize, boolean ownsBinaryParts) {
        this.defaultBufferSize = defaultBufferSize;
        this.ownsBinaryParts = ownsBinaryParts;
    }

    /** The kind named by a {@code ServletContext.getServerInfo()} string; {@link #OTHER} for null or unknown. */
    public static ContainerKind of(String serverInfo) {
        String info = serverInfo == null ? "" : serverInfo.toLowerCase(Locale.ROOT);
        if (info.startsWith("jetty")) {
            return JETTY;
        }
        if (info.contains("tomcat")) {
            return TOMCAT;
        }
        return OTHER;
    }

    /**
     * The message buffer size per session: {@code wskit.messageBufferSize} when set, else this container's default.
     *
     * @throws IllegalArgumentException when the setting is between 1 and 1023
     */
    public int messageBufferSize(Settings settings) {
        int size = settings.getInt(Setting.MESSAGE_BUFFER_SIZE);
        if (size == 0) {
            return defaultBufferSize;
        }
        if (size < 1024) {
            throw new IllegalArgumentException(Setting.MESSAGE_BUFFER_SIZE.key() + " must be 0 (chosen per container)"
                    + " or between 1024 and " + Setting.MESSAGE_BUFFER_SIZE.max() + " bytes, not " + size);
        }
        return size;
    }

    /** Whether a binary part handed to {@code @OnMessage} may be kept after the method returns, without a copy. */
    public boolean ownsBinaryParts() {
        return ownsBinaryParts;
    }
}
