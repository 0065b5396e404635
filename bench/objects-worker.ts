/**
 * One object transfer in its own process, so peak RSS is the transfer's alone.
 *   put <storeDir> <src>       file store put of src as bench/big.bin
 *   get <storeDir> <dst>       file store get of bench/big.bin, streamed to dst
 *   http-put <url> <src>       streaming HTTP PUT of src to url
 * Prints {"seconds", "peakRssBytes", "startRssBytes"} on stdout; startRssBytes is the RSS just before
 * the transfer (node and Kelp's modules), so the transfer's own share can be told apart.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { request } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';

import { openObjectStore } from '../src/storage/index.js';
import { timed } from './lib.js';

const KEY = 'bench/big.bin';
const [op, target, file] = process.argv.slice(2);
if (!op || !target || !file)
  throw new Error('usage: objects-worker.ts put|get|http-put <storeDir|url> <file>');

async function storeOp(storeDir: string, kind: 'put' | 'get', path: string): Promise<number> {
  const store = await openObjectStore(pathToFileURL(storeDir).href);
  try {
    // A fresh write each run, as dd's output is: no replacing (and unlinking) the previous run's object.
    if (kind === 'put') await store.delete(KEY);
    return await timed(async () => {
      if (kind === 'put') await store.put(KEY, createReadStream(path, { highWaterMark: 1 << 20 }));
      else await pipeline((await store.get(KEY)).body, createWriteStream(path, { highWaterMark: 1 << 20 }));
    });
  } finally {
    await store.close();
  }
}

async function httpPut(url: string, path: string): Promise<number> {
  const { size } = await stat(path);
  return timed(
    () =>
      new Promise<void>((resolve, reject) => {
        const req = request(url, {
          method: 'PUT',
          headers: { 'content-type': 'application/octet-stream', 'content-length': size },
        });
        req.on('error', reject);
        req.on('response', (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            res.statusCode === 200
              ? resolve()
              : reject(new Error(`PUT ${url}: ${res.statusCode} ${Buffer.concat(chunks).toString()}`)),
          );
        });
        pipeline(createReadStream(path, { highWaterMark: 1 << 20 }), req).catch(reject);
      }),
  );
}

const startRssBytes = process.memoryUsage().rss;
const seconds =
  op === 'put' || op === 'get'
    ? await storeOp(target, op, file)
    : op === 'http-put'
      ? await httpPut(target, file)
      : NaN;
if (Number.isNaN(seconds)) throw new Error(`unknown op '${op}'`);
console.log(JSON.stringify({ seconds, peakRssBytes: process.resourceUsage().maxRSS * 1024, startRssBytes }));
