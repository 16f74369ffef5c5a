package dev.wskit.rooms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.codec.CloseCodes;
import dev.wskit.codec.Stroke;
import dev.wskit.codec.Strokes;
import dev.wskit.codec.StrokesDecoder;
import dev.wskit.config.Setting;
import dev.wskit.config.Settings;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Boards driven through the {@link LocalBackplane} without a container. */
class BoardTest {

    private final StrokesDecoder decoder = new StrokesDecoder(1 << 20);

    private Strokes decode(Object sent) throws Exception {
        return decoder.decode((ByteBuffer) sent);
    }

    @Test
    void aJoinerFirstReceivesAClearThenTheBoardsStrokes() throws Exception {
        LocalBackplane bp = new LocalBackplane(RoomLimits.defaults());
        FakeTransport a = new FakeTransport(true);
        Backplane.BoardMember alice = bp.joinBoard("b", RoomLimits.defaults().outbox(a));
        assertEquals(Strokes.of(new Stroke(Stroke.Kind.CLEAR, 0, 0, 0, new int[0])), decode(a.sent().get(0)));
        alice.draw(Strokes.of(Stroke.line(0xFF, 2, 1, 2, 3, 4)));
        alice.draw(Strokes.of(Stroke.line(0xEE, 3, 5, 6)));
        FakeTransport b = new FakeTransport(true);
        bp.joinBoard("b", RoomLimits.defaults().outbox(b));
        assertEquals(new Strokes(List.of(new Stroke(Stroke.Kind.CLEAR, 2, 0, 0, new int[0]),
                Stroke.line(0xFF, 2, 1, 2, 3, 4).numbered(1), Stroke.line(0xEE, 3, 5, 6).numbered(2))), decode(b.sent().get(0)));
    }

    @Test
    void strokesAreNumberedAndTheSameBytesGoToEveryMemberIncludingTheAuthor() throws Exception {
        LocalBackplane bp = new LocalBackplane(RoomLimits.defaults());
        FakeTransport a = new FakeTransport(true);
        FakeTransport b = new FakeTransport(true);
        Backplane.BoardMember alice = bp.joinBoard("b", RoomLimits.defaults().outbox(a));
        bp.joinBoard("b", RoomLimits.defaults().outbox(b));
        alice.draw(Strokes.of(Stroke.line(1, 1, 9, 9), Stroke.line(2, 2, 8, 8)));
        ByteBuffer toA = (ByteBuffer) a.sent().get(1);
        ByteBuffer toB = (ByteBuffer) b.sent().get(1);
        assertEquals(toA, toB);
        assertEquals(List.of(1L, 2L), decode(toB).strokes().stream().map(Stroke::seq).toList());
    }

    @Test
    void clearEmptiesTheBoardForLaterJoiners() throws Exception {
        LocalBackplane bp = new LocalBackplane(RoomLimits.defaults());
        Backplane.BoardMember alice = bp.joinBoard("b", RoomLimits.defaults().outbox(new FakeTransport(true)));
        alice.draw(Strokes.of(Stroke.line(1, 1, 9, 9)));
        alice.draw(Strokes.of(Stroke.clear()));
        FakeTransport b = new FakeTransport(true);
        bp.joinBoard("b", RoomLimits.defaults().outbox(b));
        assertEquals(Strokes.of(new Stroke(Stroke.Kind.CLEAR, 2, 0, 0, new int[0])), decode(b.sent().get(0)));
    }

    @Test
    void refusesTheStrokeThatPassesMaxBoardSizeUntilCleared() throws Exception {
        RoomLimits limits = RoomLimits.from(Settings.defaults().with(Setting.BOARDS_MAX_BOARD_SIZE, 100));
        LocalBackplane bp = new LocalBackplane(limits);
        FakeTransport a = new FakeTransport(true);
        Backplane.BoardMember alice = bp.joinBoard("b", limits.outbox(a));
        alice.draw(Strokes.of(Stroke.line(1, 1, new int[2 * 22]))); // 12 + 88 = 100 bytes: exactly the limit
        Refused r = assertThrows(Refused.class, () -> alice.draw(Strokes.of(Stroke.line(1, 1, 0, 0))));
        assertEquals("board-full", r.code());
        assertTrue(r.getMessage().contains("wskit.boards.maxBoardSize"));
        assertEquals(2, a.sent().size(), "the refused stroke is not broadcast");
        alice.draw(Strokes.of(Stroke.clear(), Stroke.line(1, 1, 0, 0)));
        assertEquals(3, a.sent().size());
    }

    @Test
    void refusesTheBoardOnePastMaxRoomsAndTheMemberOnePastMaxMembers() throws Exception {
        RoomLimits limits = RoomLimits.from(Settings.defaults().with(Setting.ROOMS_MAX_ROOMS, 1).with(Setting.ROOMS_MAX_MEMBERS, 1));
        LocalBackplane bp = new LocalBackplane(limits);
        Backplane.BoardMember one = bp.joinBoard("b", limits.outbox(new FakeTransport(true)));
        assertEquals(CloseCodes.TOO_MANY_ROOMS, assertThrows(Refused.class, () -> bp.joinBoard("c", limits.outbox(new FakeTransport(true)))).close());
        assertEquals(CloseCodes.ROOM_FULL, assertThrows(Refused.class, () -> bp.joinBoard("b", limits.outbox(new FakeTransport(true)))).close());
        one.leave();
        assertEquals(0, bp.boardCount());
    }
}
