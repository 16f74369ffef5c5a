// close(code, reason) validation exactly as the browser does it (WHATWG WebSockets, "close()"), so the console
// can explain a refusal before the browser throws. Pure functions, no DOM.

const encoder = new TextEncoder();

/** The longest close reason the browser accepts, in UTF-8 bytes (125 bytes of frame minus the 2-byte code). */
export const MAX_REASON_BYTES = 123;

/**
 * The code as the browser converts close()'s `[Clamp] unsigned short code`: ToNumber, NaN becomes 0, clamp to
 * 0..65535, fraction dropped (Chromium truncates where WebIDL says round half to even; the console passes the
 * converted whole number to close(), so what it checks is exactly what the browser gets in any engine).
 * Returns undefined for an empty field (the argument is then not passed).
 */
export function toCode(text) {
  if (text === undefined || text === null || String(text).trim() === '') return undefined;
  const n = Number(text);
  if (Number.isNaN(n)) return 0;
  return Math.trunc(Math.min(Math.max(n, 0), 65535)) + 0;
}

/**
 * {ok, code, reason, error: {name, message}}: error names are the DOMException names the browser throws
 * (InvalidAccessError for the code, SyntaxError for the reason).
 */
export function validateClose(codeText, reason) {
  const code = toCode(codeText);
  const text = reason ?? '';
  if (code !== undefined && code !== 1000 && !(code >= 3000 && code <= 4999)) {
    return {
      ok: false, code, reason: text,
      error: { name: 'InvalidAccessError', message: `code ${code} is not allowed: use 1000 or 3000–4999` },
    };
  }
  const bytes = encoder.encode(text).length;
  if (bytes > MAX_REASON_BYTES) {
    return {
      ok: false, code, reason: text,
      error: { name: 'SyntaxError', message: `reason is ${bytes} UTF-8 bytes: at most ${MAX_REASON_BYTES}` },
    };
  }
  return { ok: true, code, reason: text, error: null };
}
