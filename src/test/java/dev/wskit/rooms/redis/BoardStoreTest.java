package dev.wskit.rooms.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.codec.Stroke;
import dev.wskit.codec.Strokes;
import dev.wskit.codec.StrokesDecoder;
import dev.wskit.codec.StrokesEncoder;
import dev.wskit.rooms.Frame;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class BoardStoreTest {

    @RegisterExtension
    static final RedisNodes nodes = new RedisNodes();




    @Test
    void strokesAreNumberedAndALateJoinerOnAnotherNodeGetsTheBoardSinceTheLastClear() throws Exception {
        RedisNode a = nodes.start();
        RedisNode b = nodes.start();
        BoardStore.Joined first = (BoardStore.Joined) a.boards().join("sketch", "1", () -> { });
        assertEquals(List.of(Stroke.clear()), decode(first.snapshot()).strokes(), "an empty board: a clear with 0");
        Stroke red = Stroke.line(0xff0000ff, 3, 1, 2, 3, 4);
        Stroke blue = Stroke.line(0x0000ffff, 9, 65535, 0);
        assertEquals(new BoardStore.Drawn(1, 2), first.claim().draw(Strokes.of(red, blue)));
        assertEquals(new BoardStore.Drawn(3, 4), first.claim().draw(Strokes.of(Stroke.clear(), red)));
        assertEquals(new BoardStore.Drawn(5, 5), first.claim().draw(Strokes.of(blue.numbered(99)))); // client seq ignored

        BoardStore.Joined late = (BoardStore.Joined) b.boards().join("sketch", "1", () -> { });
        assertEquals(5, late.seq());
        assertEquals(first.epoch(), late.epoch());
        assertEquals(List.of(new Stroke(Stroke.Kind.CLEAR, 5, 0, 0, new int[0]), red.numbered(4), blue.numbered(5)),
                decode(late.snapshot()).strokes());
        assertEquals(new StrokesEncoder().encode(new Strokes(List.of(new Stroke(Stroke.Kind.CLEAR, 5, 0, 0, new int[0]),
                red.numbered(4), blue.numbered(5)))), late.snapshot().binary(), "byte for byte the codec's encoding");
    }

    @Test
    void aBatchPastMaxBoardSizeIsRefusedWholeUntilTheBoardIsCleared() throws Exception {
        long line = 12 + 4; // one point
        RedisNode node = nodes.start(RedisNodes.options().withLimits(10, 100, 1 << 20, 3 * line));
        BoardClaim c = ((BoardStore.Joined) node.boards().join("b", "1", () -> { })).claim();
        Stroke dot = Stroke.line(0x000000ff, 1, 5, 5);
        assertInstanceOf(BoardStore.Drawn.class, c.draw(Strokes.of(dot, dot)));
        assertEquals(new BoardStore.TooMuch(3 * line), c.draw(Strokes.of(dot, dot)), "one over: refused whole");
        assertInstanceOf(BoardStore.Drawn.class, c.draw(Strokes.of(dot)), "exactly at the limit");
        assertEquals(3, node.boards().state("b").seq(), "the refused batch took no numbers");
        assertInstanceOf(BoardStore.TooMuch.class, c.draw(Strokes.of(dot)));
        assertEquals(new BoardStore.Drawn(4, 7), c.draw(Strokes.of(Stroke.clear(), dot, dot, dot)), "a clear in the batch frees it");
        assertEquals(4, decode(node.boards().state("b").snapshot()).strokes().size());
    }

    @Test
    void strokeNumbersWrapAtU32InTheRecords() throws Exception {
        RedisNode node = nodes.start();
        BoardClaim c = ((BoardStore.Joined) node.boards().join("w", "1", () -> { })).claim();
        nodes.redis().command("HSET", "wskit:board:{w}:meta", "seq", Long.toString(0xFFFF_FFFFL));
        assertEquals(new BoardStore.Drawn(0x1_0000_0000L, 0x1_0000_0000L), c.draw(Strokes.of(Stroke.line(1, 1, 0, 0))));
        List<Stroke> state = decode(node.boards().state("w").snapshot()).strokes();
        assertEquals(0, state.get(0).seq(), "clear record carries the last number mod 2^32");
        assertEquals(0, state.get(1).seq());
    }

    @Test
    void drawsReachEveryNodeFollowingTheBoardAndABoardEndsWithItsLastMember() throws Exception {
        RedisNode a = nodes.start();
        RedisNode b = nodes.start();
        RecordingFeed onB = new RecordingFeed();
        FeedSubscription sub = b.feeds().openBoard("shared", onB);
        BoardStore.Joined viewer = (BoardStore.Joined) b.boards().join("shared", "v", () -> { });
        AwaitedAdmission admitted = new AwaitedAdmission();
        sub.admit(viewer.epoch(), viewer.seq(), admitted);
        assertEquals(List.of(), admitted.backlog());
        BoardStore.Joined drawer = (BoardStore.Joined) a.boards().join("shared", "d", () -> { });
        Stroke s = Stroke.line(0x11223344, 7, 10, 20, 30, 40);
        drawer.claim().draw(Strokes.of(s, Stroke.clear()));
        RecordingFeed.Delivered d = onB.delivered();
        assertEquals(2, d.seq());
        assertEquals(List.of(s.numbered(1), new Stroke(Stroke.Kind.CLEAR, 2, 0, 0, new int[0])), decode(d.frame()).strokes());

        drawer.claim().leave();
        viewer.claim().leave();
        assertNull(a.boards().state("shared"));
        BoardStore.Joined fresh = (BoardStore.Joined) a.boards().join("shared", "d2", () -> { });
        assertNotEquals(viewer.epoch(), fresh.epoch());
        assertEquals(0, fresh.seq());
    }

    @Test
    void boardMembersCountAgainstMaxMembersAcrossNodes() {
        RedisOptions two = RedisNodes.options().withLimits(2, 100, 1 << 20, 1 << 20);
        RedisNode a = nodes.start(two);
        RedisNode b = nodes.start(two);
        assertInstanceOf(BoardStore.Joined.class, a.boards().join("b", "1", () -> { }));
        BoardStore.Joined second = (BoardStore.Joined) b.boards().join("b", "1", () -> { });
        assertEquals(new BoardStore.BoardFull(2), a.boards().join("b", "2", () -> { }));
        assertTrue(second.claim().leave());
        assertInstanceOf(BoardStore.Joined.class, a.boards().join("b", "2", () -> { }));
    }

    private static Strokes decode(Frame frame) throws Exception {
        ByteBuffer bytes = frame.binary();
        return new StrokesDecoder().decode(bytes);
    }
}
