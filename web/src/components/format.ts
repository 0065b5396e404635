export { formatBytes } from '../../../src/core/format.js';

export function formatTime(iso: string | null | undefined): string {
  return iso ? new Date(iso).toLocaleString() : '-';
}

export function formatSeconds(s: number | null): string {
  return s === null ? '-' : `${s.toFixed(2)} s`;
}
