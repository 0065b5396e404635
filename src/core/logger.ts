import { pino } from 'pino';

export type Logger = pino.Logger;

/** Field names whose values never reach a log line, wherever they appear in a logged object. */
export const REDACTED_PATHS = [
  'password',
  '*.password',
  'secret',
  '*.secret',
  'value',
  'req.headers.authorization',
  'headers.authorization',
  '*.secretKey',
  '*.adminToken',
];

export function createLogger(options: { level?: string; name?: string } = {}): Logger {
  return pino({
    level: options.level ?? 'info',
    name: options.name ?? 'kelp',
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  });
}

/** A logger that writes nothing (embedded CLI runs, tests). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
