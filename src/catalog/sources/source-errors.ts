import { type ErrorCode, PlatformError } from '../../core/index.js';
import type { ConnectionSpec } from './source-types.js';

const ENGINE_LABEL = { postgresql: 'PostgreSQL', mysql: 'MySQL/MariaDB' } as const;

// Socket-level failures: the server is not there (or not reachable) rather than refusing us.
const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by the server',
  ETIMEDOUT: 'connection timed out',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EPIPE: 'connection closed by the server',
};

/** `host:port`, with IPv6 literals bracketed. */
export function hostPort(spec: ConnectionSpec): string {
  return `${spec.host.includes(':') ? `[${spec.host}]` : spec.host}:${spec.port}`;
}

/** The reason for a socket-level error (`ECONNREFUSED`...), or undefined for anything else. */
export function networkReason(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? NETWORK_REASONS[code] : undefined;
}

/** The driver's error code (`28P01`, `ER_ACCESS_DENIED_ERROR`, `ECONNREFUSED`...), if any. */
export function driverCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * A `PlatformError` about `spec` that says which server, database and user failed and why. The
 * password is never passed in, and is also scrubbed from `reason` (server messages echo input).
 */
export function sourceError(
  code: ErrorCode,
  spec: ConnectionSpec,
  password: string | undefined,
  action: string,
  reason: string,
  details: Record<string, unknown> = {},
): PlatformError {
  const safeReason = password ? reason.split(password).join('[redacted]') : reason;
  const where = `${ENGINE_LABEL[spec.engine]} at ${hostPort(spec)} (database "${spec.database}", user "${spec.user}")`;
  return new PlatformError(code, `${action} ${where} failed: ${safeReason}`, {
    engine: spec.engine,
    host: spec.host,
    port: spec.port,
    database: spec.database,
    user: spec.user,
    ...details,
  });
}

/** The message of an unknown thrown value. */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
