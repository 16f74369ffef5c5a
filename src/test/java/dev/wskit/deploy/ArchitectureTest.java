package dev.wskit.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.runtime.WskitEndpoints;
import jakarta.websocket.server.ServerEndpoint;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Which package may use which, read from the compiled classes' constant pools ({@code target/classes}): every class,
 * field type, method signature and annotation a class refers to, whether or not an import names it.
 *
 * <ul>
 *   <li>the server (every wskit package but {@code dev.wskit.client}) never uses the client;</li>
 *   <li>{@code dev.wskit.codec} stands alone: the JDK, Jakarta WebSocket and Jackson only, which is what lets the
 *       CLI jar ({@code src/assembly/cli.xml}) pack it as a package;</li>
 *   <li>the client uses, of wskit, only itself, the codecs and the root package ({@code Version}): what cli.xml
 *       packs;</li>
 *   <li>every {@code @ServerEndpoint} class is deployed ({@link WskitEndpoints#ALL}), since the containers' scanning
 *       deploys none.</li>
 * </ul>
 */
class ArchitectureTest {

    private static final Path CLASSES = Path.of("target", "classes");
    private static final Pattern DESCRIPTOR_TYPE = Pattern.compile("L([A-Za-z_$][\\w$]*(?:/[\\w$]+)+);");

    /** Class name (internal form, e.g. dev/wskit/codec/Json) to the classes it refers to. */
    private static Map<String, Set<String>> references;

    @BeforeAll
    static void read() throws IOException {
        assertTrue(Files.isDirectory(CLASSES.resolve("dev/wskit")), CLASSES + " is missing: run through Maven");
        references = new TreeMap<>();
        try (Stream<Path> files = Files.walk(CLASSES.resolve("dev"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = CLASSES.relativize(file).toString().replace('\\', '/').replaceAll("\\.class$", "");
                try (InputStream in = Files.newInputStream(file)) {
                    references.put(name, referencedTypes(in));
                }
            }
        }
    }

    @Test
    void theScanSeesWhatClassesUse() {
        assertTrue(references.getOrDefault("dev/wskit/rooms/RoomConnection", Set.of())
                .contains("dev/wskit/codec/AttachmentDecoder"), "a direct use");
        assertTrue(references.getOrDefault("dev/wskit/codec/Json", Set.of())
                .contains("com/fasterxml/jackson/core/JsonParser"), "a library use");
        assertTrue(references.getOrDefault("dev/wskit/rooms/RoomEndpoint", Set.of())
                .contains("dev/wskit/codec/ClientMessageDecoder$Total"), "a class named only in an annotation");
        assertTrue(references.getOrDefault("dev/wskit/rooms/Backplane$RoomMember", Set.of())
                .contains("dev/wskit/codec/Attachment"), "a type that appears only in a method signature");
    }

    @Test
    void theServerNeverUsesTheClient() {
        assertEquals(Map.of(), violations(c -> !inPackage(c, "dev/wskit/client"), r -> inPackage(r, "dev/wskit/client")));
    }

    @Test
    void codecUsesOnlyTheJdkJakartaWebSocketAndJackson() {
        assertEquals(Map.of(), violations(c -> c.startsWith("dev/wskit/codec/"),
                r -> !(r.startsWith("java/") || r.startsWith("jakarta/websocket/")
                        || r.startsWith("com/fasterxml/jackson/") || r.startsWith("dev/wskit/codec/"))));
    }

    @Test
    void theClientUsesOfWskitOnlyWhatTheCliJarPacks() {
        assertEquals(Map.of(), violations(c -> inPackage(c, "dev/wskit/client"),
                r -> r.startsWith("dev/wskit/") && !inPackage(r, "dev/wskit/client") && !r.startsWith("dev/wskit/codec/")
                        && r.substring("dev/wskit/".length()).contains("/")));
    }

    @Test
    void everyServerEndpointIsDeployedByWskit() throws Exception {
        List<String> annotated = new ArrayList<>();
        for (String name : references.keySet()) {
            if (inPackage(name, "dev/wskit/client")) {
                continue;
            }
            Class<?> type = Class.forName(name.replace('/', '.'), false, getClass().getClassLoader());
            if (type.isAnnotationPresent(ServerEndpoint.class)) {
                annotated.add(type.getName());
                assertTrue(WskitEndpoints.ALL.contains(type), type.getName() + " is not in WskitEndpoints.ALL");
            }
        }
        assertEquals(WskitEndpoints.ALL.size(), annotated.size(), "annotated: " + annotated);
    }

    private static boolean inPackage(String type, String pkg) {
        return type.startsWith(pkg + "/");
    }

    private static Map<String, Set<String>> violations(java.util.function.Predicate<String> classes,
            java.util.function.Predicate<String> forbidden) {
        Map<String, Set<String>> found = new TreeMap<>();
        references.forEach((name, refs) -> {
            if (classes.test(name)) {
                refs.stream().filter(forbidden).forEach(r -> found.computeIfAbsent(name, k -> new TreeSet<>()).add(r));
            }
        });
        return found;
    }

    /** The classes a class file's constant pool names: class entries and the types inside descriptors. */
    static Set<String> referencedTypes(InputStream classFile) throws IOException {
        DataInputStream in = new DataInputStream(classFile);
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        List<Integer> classIndexes = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 7 -> classIndexes.add(in.readUnsignedShort());
                case 8, 16, 19, 20 -> in.readUnsignedShort();
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
                case 15 -> {
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                }
                case 5, 6 -> {
                    in.readLong();
                    i++; // 8-byte constants take two slots
                }
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        Set<String> types = new TreeSet<>();
        for (int index : classIndexes) {
            String name = utf8[index];
            Matcher array = DESCRIPTOR_TYPE.matcher(name);
            if (name.startsWith("[")) {
                while (array.find()) {
                    types.add(array.group(1));
                }
            } else {
                types.add(name);
            }
        }
        for (String s : utf8) {
            if (s != null) {
                Matcher m = DESCRIPTOR_TYPE.matcher(s);
                while (m.find()) {
                    types.add(m.group(1));
                }
            }
        }
        return types;
    }
}
