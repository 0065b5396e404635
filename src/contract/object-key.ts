import { invalidArgument } from '../core/errors.js';

// Browser-safe (the console checks keys before uploading): TextEncoder, not Buffer.
const utf8 = new TextEncoder();

export const MAX_KEY_BYTES = 1024;
/** Keys under this prefix belong to the store itself (file backend bookkeeping). */
export const RESERVED_PREFIX = '.kelp/';

/**
 * Checks an object key and returns it unchanged. Rules: 1-1024 UTF-8 bytes; relative (no leading
 * `/`); no empty, `.` or `..` segments; no NUL, control characters or backslashes; not under `.kelp/`.
 */
export function validateKey(key: string, field = 'key'): string {
  const fail = (why: string) =>
    invalidArgument(`invalid object key '${printable(key)}': ${why}`, { field, key });
  if (typeof key !== 'string' || key.length === 0) throw fail('the key is empty');
  if (utf8.encode(key).length > MAX_KEY_BYTES) throw fail(`longer than ${MAX_KEY_BYTES} bytes`);
  if (hasControlCharacter(key)) throw fail('contains a NUL or control character');
  if (key.includes('\\')) throw fail('contains a backslash; use / to separate folders');
  if (key.startsWith('/')) throw fail('absolute paths are not allowed; keys are relative');
  const segments = key.split('/');
  for (const [i, s] of segments.entries()) {
    if (s === '..' || s === '.') throw fail(`'${s}' segments are not allowed`);
    if (s === '' && i < segments.length - 1) throw fail('empty path segment (//)');
  }
  if (key.endsWith('/')) throw fail('a key cannot end with /');
  if (key === '.kelp' || key.startsWith(RESERVED_PREFIX))
    throw fail(`keys under '${RESERVED_PREFIX}' are reserved`);
  return key;
}

/** A prefix for listing: same rules as keys, but it may be empty or end with `/`. */
export function validatePrefix(prefix: string): string {
  if (prefix === '') return prefix;
  validateKey(prefix.endsWith('/') ? prefix.slice(0, -1) || 'x' : prefix, 'prefix');
  return prefix;
}

const isControl = (code: number) => code < 0x20 || code === 0x7f;

function hasControlCharacter(key: string): boolean {
  for (let i = 0; i < key.length; i++) if (isControl(key.charCodeAt(i))) return true;
  return false;
}

function printable(key: string): string {
  let out = '';
  for (const ch of String(key)) {
    const code = ch.charCodeAt(0);
    out += isControl(code) ? `\\x${code.toString(16).padStart(2, '0')}` : ch;
  }
  return out;
}

/** Byte-wise (UTF-8) comparison, the order S3 lists keys in. */
export function compareKeys(a: string, b: string): number {
  const x = utf8.encode(a);
  const y = utf8.encode(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}
