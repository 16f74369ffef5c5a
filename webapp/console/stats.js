// Totals each way and round-trip times. An echo answers in order, so the n-th reply answers the oldest send
// still waiting (repeat=N: N replies per send). Against a server that is not an echo the pairing means little,
// so the log claims a match only when the bytes are equal.

/** Sends remembered for RTT and byte comparison; past this the oldest are forgotten. */
export const MAX_PENDING = 64;

/** Bytes of unanswered sends kept for comparison: a server that never answers must not pin memory. */
export const MAX_PENDING_BYTES = 64 * 1024 * 1024;

export class Stats {
  constructor() {
    this.reset();
  }

  reset() {
    this.sentMessages = 0;
    this.sentBytes = 0;
    this.receivedMessages = 0;
    this.receivedBytes = 0;
    this.lastRtt = null;
    this.rttSum = 0;
    this.rttCount = 0;
    this.pending = [];
    this.pendingBytes = 0;
  }

  /** Records a send; payload is kept (until answered) to compare the echo with. */
  sent(bytes, payload, origin, copies) {
    this.sentMessages++;
    this.sentBytes += bytes;
    this.pending.push({ at: performance.now(), payload, origin, copies, bytes });
    this.pendingBytes += bytes;
    while (this.pending.length > 1
        && (this.pending.length > MAX_PENDING || this.pendingBytes > MAX_PENDING_BYTES)) {
      this.pendingBytes -= this.pending.shift().bytes;
    }
  }

  /** Records a reply; returns the send it answers (or null) and the round-trip time in ms. */
  received(bytes) {
    this.receivedMessages++;
    this.receivedBytes += bytes;
    const head = this.pending[0];
    if (!head) return { answers: null, rtt: null };
    const rtt = performance.now() - head.at;
    head.copies--;
    if (head.copies <= 0) this.pendingBytes -= this.pending.shift().bytes;
    this.lastRtt = rtt;
    this.rttSum += rtt;
    this.rttCount++;
    return { answers: head, rtt };
  }

  get averageRtt() {
    return this.rttCount === 0 ? null : this.rttSum / this.rttCount;
  }
}

/** Bytes of a payload as a Uint8Array: text in UTF-8, Blob read, ArrayBuffer viewed. */
export async function bytesOf(payload) {
  if (typeof payload === 'string') return new TextEncoder().encode(payload);
  if (payload instanceof Blob) return new Uint8Array(await payload.arrayBuffer());
  if (payload instanceof ArrayBuffer) return new Uint8Array(payload);
  return new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength);
}

/** -1 when identical, else the first differing index (the shorter length when one is a prefix). */
export function firstDifference(a, b) {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) return i;
  }
  return a.length === b.length ? -1 : n;
}
