// The event log: one row per event (time, type, size, detail), newest at the bottom, capped in length.
// Every piece of message data goes in through textContent, never innerHTML: a message is data, not markup.

/** Rows kept; the oldest are dropped past this, so a chatty server cannot grow the page without bound. */
export const LOG_CAP = 500;

/** Characters of a text message shown in its row. */
export const PREVIEW_CHARS = 160;

/** Bytes of a binary message shown (as hex) in its row. */
export const PREVIEW_BYTES = 24;

export function formatSize(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** Control characters made visible (a newline must not break the row, an escape must not reach a terminal copy). */
function visible(text) {
  return text.replace(/[\u0000-\u001f\u007f]/g, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

export function textPreview(text) {
  if (text.length <= PREVIEW_CHARS) return `"${visible(text)}"`;
  return `"${visible(text.slice(0, PREVIEW_CHARS))}"… (+${text.length - PREVIEW_CHARS} chars)`;
}

export function hexPreview(bytes, total) {
  const shown = Array.from(bytes.subarray(0, PREVIEW_BYTES), (b) => b.toString(16).padStart(2, '0')).join(' ');
  return total > PREVIEW_BYTES ? `${shown} …` : shown;
}

function clock(date) {
  const p = (n, w = 2) => String(n).padStart(w, '0');
  return `${p(date.getHours())}:${p(date.getMinutes())}:${p(date.getSeconds())}.${p(date.getMilliseconds(), 3)}`;
}

export class EventLog {
  /** @param {HTMLElement} list the container rows go into; @param {HTMLElement} note where "dropped" shows */
  constructor(list, note, cap = LOG_CAP) {
    this.list = list;
    this.note = note;
    this.cap = cap;
    this.dropped = 0;
  }

  /** Appends a row and returns a handle whose detail can be completed later (for async previews). */
  add(type, size, detail) {
    const row = document.createElement('li');
    row.className = `ev ev-${type}`;
    row.dataset.type = type;
    const cells = [
      ['time', clock(new Date())],
      ['type', type],
      ['size', size === null || size === undefined ? '' : formatSize(size)],
      ['detail', detail ?? ''],
    ];
    for (const [name, text] of cells) {
      const cell = document.createElement('span');
      cell.className = name;
      cell.textContent = text;
      row.append(cell);
    }
    if (size !== null && size !== undefined) row.dataset.size = String(size);
    const follow = this.list.scrollTop + this.list.clientHeight >= this.list.scrollHeight - 8;
    this.list.append(row);
    while (this.list.childElementCount > this.cap) {
      this.list.firstElementChild.remove();
      this.dropped++;
    }
    this.note.textContent = this.dropped > 0 ? `${this.dropped} older events dropped (log keeps ${this.cap})` : '';
    if (follow) this.list.scrollTop = this.list.scrollHeight;
    return {
      row,
      detail(text) {
        row.querySelector('.detail').textContent = text;
      },
    };
  }

  clear() {
    this.list.replaceChildren();
    this.dropped = 0;
    this.note.textContent = '';
  }
}
