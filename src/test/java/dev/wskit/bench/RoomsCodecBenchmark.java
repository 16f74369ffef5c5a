package dev.wskit.bench;

import dev.wskit.codec.Attachment;
import dev.wskit.codec.AttachmentDecoder;
import dev.wskit.codec.AttachmentEncoder;
import dev.wskit.codec.ClientMessage;
import dev.wskit.codec.ClientMessageDecoder;
import dev.wskit.codec.ClientMessageEncoder;
import dev.wskit.codec.ServerMessage;
import dev.wskit.codec.ServerMessageDecoder;
import dev.wskit.codec.ServerMessageEncoder;
import dev.wskit.codec.Stroke;
import dev.wskit.codec.Strokes;
import dev.wskit.codec.StrokesDecoder;
import dev.wskit.codec.StrokesEncoder;
import jakarta.websocket.DecodeException;
import jakarta.websocket.EncodeException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The rooms codecs, apart from the sockets: what a room pays per message it receives (decode) and per broadcast
 * (encode, once for all members), and what a Java client pays. A say of 100 characters, an attachment of 1 KiB
 * (header and copy), a board line of 32 points. Run by hand (docs/benchmarks.md); one state per benchmark thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RoomsCodecBenchmark {

    private final ClientMessageEncoder clientEncoder = new ClientMessageEncoder();
    private final ClientMessageDecoder clientDecoder = new ClientMessageDecoder(1 << 20);
    private final ServerMessageEncoder serverEncoder = new ServerMessageEncoder();
    private final ServerMessageDecoder serverDecoder = new ServerMessageDecoder(1 << 20);
    private final AttachmentEncoder attachmentEncoder = new AttachmentEncoder();
    private final AttachmentDecoder attachmentDecoder = new AttachmentDecoder(1 << 20);
    private final StrokesEncoder strokesEncoder = new StrokesEncoder();
    private final StrokesDecoder strokesDecoder = new StrokesDecoder(1 << 20);

    private ClientMessage say;
    private String sayJson;
    private ServerMessage said;
    private String saidJson;
    private Attachment attachment;
    private ByteBuffer attachmentBytes;
    private Strokes line;
    private ByteBuffer lineBytes;

    @Setup
    public void setUp() throws EncodeException {
        String text = "The quick brown fox jumps over the lazy dog; pack my box with five dozen liquor jugs, said alice. ✓";
        say = new ClientMessage.Say(text);
        sayJson = clientEncoder.encode(say);
        said = new ServerMessage.Said("lobby", 123_456, 1_700_000_000_000L, "alice", text);
        saidJson = serverEncoder.encode(said);
        byte[] content = new byte[1024];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) i;
        }
        attachment = new Attachment(42, 1_700_000_000_000L, "alice", "image/png", "holiday-photo.png", ByteBuffer.wrap(content));
        attachmentBytes = attachmentEncoder.encode(attachment);
        int[] points = new int[64];
        for (int i = 0; i < points.length; i++) {
            points[i] = i * 1000;
        }
        line = Strokes.of(Stroke.line(0x336699ff, 3, points).numbered(7));
        lineBytes = strokesEncoder.encode(line);
    }

    @Benchmark
    public String encodeSayRequest() throws EncodeException {
        return clientEncoder.encode(say);
    }

    @Benchmark
    public ClientMessage decodeSayRequest() throws DecodeException {
        return clientDecoder.decode(sayJson);
    }

    @Benchmark
    public String encodeSayBroadcast() throws EncodeException {
        return serverEncoder.encode(said);
    }

    @Benchmark
    public ServerMessage decodeSayBroadcast() throws DecodeException {
        return serverDecoder.decode(saidJson);
    }

    @Benchmark
    public ByteBuffer encodeAttachment1KiB() throws EncodeException {
        return attachmentEncoder.encode(attachment);
    }

    @Benchmark
    public Attachment decodeAttachment1KiB() throws DecodeException {
        return attachmentDecoder.decode(attachmentBytes.duplicate());
    }

    @Benchmark
    public ByteBuffer encodeStrokeLine32Points() throws EncodeException {
        return strokesEncoder.encode(line);
    }

    @Benchmark
    public Strokes decodeStrokeLine32Points() throws DecodeException {
        return strokesDecoder.decode(lineBytes.duplicate());
    }
}
