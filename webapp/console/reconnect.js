// When a page reconnects after its WebSocket closed. Shared by the console and the chat page.
//
// 1012 (service restart) is the server saying "I am restarting, come back now": the page reconnects at a random
// moment within RESTART_SPREAD_MS, so thousands of clients told at once do not all return in the same millisecond.
// Other closes worth retrying back off exponentially (BASE_MS doubling up to MAX_MS), also at a random point of the
// upper half of each step, so a crowd dropped together spreads out instead of retrying in lockstep.

export const SERVICE_RESTART = 1012;
/** Closes after which a page tries again: going away, dropped, server error, restart, try again later, bad gateway. */
export const RETRY_CODES = new Set([1001, 1006, 1011, 1012, 1013, 1014]);
export const RESTART_SPREAD_MS = 3000;
export const BASE_MS = 1000;
export const MAX_MS = 30000;

/**
 * Milliseconds to wait before reconnecting after a close with `code`, on the `attempt`-th retry in a row (0 for
 * the first); `random` returns [0, 1). Returns null when the close is not one to retry.
 */
export function reconnectDelay(code, attempt, random = Math.random) {
  if (code === SERVICE_RESTART && attempt === 0) return Math.floor(random() * RESTART_SPREAD_MS);
  if (!RETRY_CODES.has(code)) return null;
  const step = Math.min(MAX_MS, BASE_MS * 2 ** Math.min(attempt, 16));
  return Math.floor(step / 2 + random() * (step / 2));
}
