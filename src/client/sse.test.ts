import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { parseSse } from './sse.js';

function streamOf(...chunks: string[]): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const c of chunks) controller.enqueue(enc.encode(c));
      controller.close();
    },
  });
}

describe('parseSse', () => {
  it('parses events split across chunks, skipping comments', async () => {
    const events = [];
    for await (const e of parseSse(
      streamOf(': connected\n\n', 'id: 1\nevent: log\nda', 'ta: {"a":1}\n\nevent: end\ndata: x\ndata: y\n\n'),
    )) {
      events.push(e);
    }
    assert.deepEqual(events, [
      { event: 'log', data: '{"a":1}', id: '1' },
      { event: 'end', data: 'x\ny' },
    ]);
  });
});
