import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Starts s3rver (a real S3-protocol server, in-process) on a free loopback port with one bucket.
 * s3rver's paged listing needs Node's legacy OpenSSL provider (`--openssl-legacy-provider`), which
 * the test runner sets through NODE_OPTIONS.
 */
export async function startS3Server(
  bucket = 'kelp-test',
): Promise<{ endpoint: string; bucket: string; stop: () => Promise<void> }> {
  const { default: S3rver } = await import('s3rver');
  const directory = await mkdtemp(join(tmpdir(), 'kelp-s3-'));
  const server = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory,
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  const address = (await server.run()) as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    bucket,
    stop: async () => {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
