import type { FastifyReply, FastifyRequest } from 'fastify';

/** An open server-sent-events stream. */
export interface SseStream {
  send(event: string, data: unknown, id?: string): void;
  close(): void;
  readonly closed: boolean;
  onClose(fn: () => void): void;
}

const open = new Set<SseStream>();

/** Ends every open stream (graceful shutdown: clients reconnect to the next server). */
export function closeAllStreams(): void {
  for (const s of open) s.close();
}

/** Takes over the response and starts an SSE stream with a keep-alive comment every 15 s. */
export function startSse(request: FastifyRequest, reply: FastifyReply): SseStream {
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    'x-request-id': request.id,
  });
  raw.write(': connected\n\n');
  const closers: (() => void)[] = [];
  let closed = false;
  const keepAlive = setInterval(() => raw.write(': keep-alive\n\n'), 15_000);
  const stream: SseStream = {
    get closed() {
      return closed;
    },
    send(event, data, id) {
      if (closed) return;
      raw.write(`${id ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    close() {
      if (closed) return;
      closed = true;
      clearInterval(keepAlive);
      open.delete(stream);
      for (const fn of closers) fn();
      raw.end();
    },
    onClose(fn) {
      closers.push(fn);
    },
  };
  open.add(stream);
  request.raw.on('close', () => stream.close());
  return stream;
}
