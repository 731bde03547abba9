/** Fields shown in the fixed part of a text line, so they are not repeated as key=value. */
const fixed = new Set(['time', 'level', 'context', 'msg', 'service']);

/**
 * `2026-05-01T10:00:00.000Z INFO  [UsersController] message key=value ...` from one pino JSON
 * entry: what LOG_FORMAT=text prints, for a person reading a terminal.
 */
export function textLineOf(entry: Readonly<Record<string, unknown>>): string {
  const level = typeof entry.level === 'string' ? entry.level.toUpperCase() : 'INFO';
  const context = typeof entry.context === 'string' ? ` [${entry.context}]` : '';
  const fields = Object.entries(entry)
    .filter(([key, value]) => !fixed.has(key) && value !== undefined)
    .map(([key, value]) => `${key}=${valueText(value)}`);
  return [
    `${String(entry.time)} ${level.padEnd(5)}${context} ${typeof entry.msg === 'string' ? entry.msg : ''}`,
  ]
    .concat(fields)
    .join(' ');
}

/** Bare when unambiguous, quoted (JSON) when it holds spaces, quotes or `=`, JSON when nested. */
function valueText(value: unknown): string {
  if (typeof value === 'string') return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}
