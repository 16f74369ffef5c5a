// The Prometheus text exposition format (version 0.0.4), as wskit's GET /metrics writes it: parsed into samples.
// Pure functions, no DOM, so the tests can run them in the browser.

/**
 * Parses the text format into [{ name, labels: {k: v}, value }]. Comments (# HELP, # TYPE) and blank lines are
 * skipped; label values are unescaped (\\, \", \n); a line that cannot be read is skipped, never guessed at.
 */
export function parse(text) {
  const samples = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const sample = parseLine(line);
    if (sample) samples.push(sample);
  }
  return samples;
}

function parseLine(line) {
  const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)/.exec(line);
  if (!m) return null;
  const name = m[1];
  let i = name.length;
  const labels = {};
  if (line[i] === '{') {
    i++;
    while (i < line.length && line[i] !== '}') {
      const key = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"/.exec(line.slice(i));
      if (!key) return null;
      i += key[0].length;
      let value = '';
      while (i < line.length && line[i] !== '"') {
        if (line[i] === '\\' && i + 1 < line.length) {
          const next = line[i + 1];
          value += next === 'n' ? '\n' : next;
          i += 2;
        } else {
          value += line[i++];
        }
      }
      if (line[i] !== '"') return null;
      i++;
      labels[key[1]] = value;
      while (line[i] === ',' || line[i] === ' ') i++;
    }
    if (line[i] !== '}') return null;
    i++;
  }
  const rest = line.slice(i).trim().split(/\s+/);
  const value = number(rest[0]);
  if (value === null) return null;
  return { name, labels, value };
}

function number(text) {
  if (text === undefined || text === '') return null;
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  if (text === 'NaN') return NaN;
  const v = Number(text);
  return Number.isNaN(v) ? null : v;
}

/** Sum of every sample called `name` whose labels include all of `match`. */
export function sum(samples, name, match = {}) {
  let total = 0;
  for (const s of samples) {
    if (s.name !== name) continue;
    if (Object.entries(match).every(([k, v]) => s.labels[k] === v)) total += s.value;
  }
  return total;
}

/** Sums of `name` grouped by one label's value: { value: total }. */
export function byLabel(samples, name, label) {
  const out = {};
  for (const s of samples) {
    if (s.name !== name || s.labels[label] === undefined) continue;
    out[s.labels[label]] = (out[s.labels[label]] ?? 0) + s.value;
  }
  return out;
}

/**
 * Per-second rate of a counter between two readings `dt` seconds apart. A counter that went down was reset
 * (the server restarted): what it counts since then is the best estimate.
 */
export function rate(previous, current, dt) {
  if (previous === undefined || !(dt > 0)) return null;
  const delta = current >= previous ? current - previous : current;
  return delta / dt;
}
