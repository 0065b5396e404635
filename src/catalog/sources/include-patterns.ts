import { invalidArgument } from '../../core/index.js';

/**
 * A test for `"schema.table"` names from SQL LIKE-style patterns: `%` is any run of characters,
 * `_` one character, a backslash escapes the next one (`sales\_2024.%`). Matching ignores case (as
 * MySQL and Glue crawlers do). No patterns, or an empty list, matches everything.
 */
export function includeMatcher(patterns: readonly string[] | undefined): (qualifiedName: string) => boolean {
  if (!patterns || patterns.length === 0) return () => true;
  const regexps = patterns.map((p) => {
    if (typeof p !== 'string' || p.trim() === '')
      throw invalidArgument('include patterns must be non-empty strings like "public.%"', { pattern: p });
    return likeToRegExp(p.trim());
  });
  return (name) => regexps.some((r) => r.test(name));
}

function likeToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '\\' && i + 1 < pattern.length) source += escapeRegExp(pattern[++i] as string);
    else if (c === '%') source += '.*';
    else if (c === '_') source += '.';
    else source += escapeRegExp(c);
  }
  return new RegExp(`^${source}$`, 'is');
}

function escapeRegExp(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}
