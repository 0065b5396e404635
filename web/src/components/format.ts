export { formatBytes } from '../../../src/core/format.js';

export function formatTime(iso: string | null | undefined): string {
  return iso ? new Date(iso).toLocaleString() : '-';
}

export function formatSeconds(s: number | null): string {
  return s === null ? '-' : `${s.toFixed(2)} s`;
}

/** A duration for people: `85 ms`, `2.31 s`, `4 min 05 s`. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '-';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

/** A count with thousands separators, `-` when unknown. */
export function formatCount(n: number | null | undefined): string {
  return n === null || n === undefined ? '-' : n.toLocaleString();
}

/** One value of a result row as text (`NULL` for null; nested values as JSON). */
export function formatCell(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}
