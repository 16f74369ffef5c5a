// URL building for the console: pure functions, no DOM, so they can be tried from any page or test.

/** The echo endpoint of the server that served this page, ws: or wss: following the page's own protocol. */
export function defaultEchoUrl(location) {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/echo`;
}

/** The echo knobs, in the order the builder shows them. */
export const KNOBS = ['delay', 'repeat', 'closeAfter', 'closeCode', 'closeReason', 'pingInterval'];

/**
 * The URL with each knob set (non-empty value) or removed (empty value); other query parameters are kept.
 * Returns the text unchanged if it is not a URL, so typing a half-finished URL is never rewritten.
 */
export function withKnobs(urlText, knobs) {
  let url;
  try {
    url = new URL(urlText);
  } catch (e) {
    return urlText;
  }
  for (const name of KNOBS) {
    const value = knobs[name];
    if (value === undefined) continue;
    if (String(value).trim() === '') url.searchParams.delete(name);
    else url.searchParams.set(name, String(value).trim());
  }
  return url.toString();
}

/** The knob values present in a URL's query, for filling the builder from a pasted URL. */
export function knobsOf(urlText) {
  const knobs = {};
  try {
    const params = new URL(urlText).searchParams;
    for (const name of KNOBS) knobs[name] = params.get(name) ?? '';
  } catch (e) {
    for (const name of KNOBS) knobs[name] = '';
  }
  return knobs;
}

/** Subprotocols typed as "a, b c": split on commas and spaces, empties dropped. */
export function parseProtocols(text) {
  return text.split(/[\s,]+/).filter((p) => p.length > 0);
}

/** How many replies an echo sends per message: the repeat knob, else one. */
export function expectedCopies(urlText) {
  try {
    const n = Number.parseInt(new URL(urlText).searchParams.get('repeat') ?? '1', 10);
    return Number.isFinite(n) && n > 0 ? n : 1;
  } catch (e) {
    return 1;
  }
}
