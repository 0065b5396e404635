import { after, before } from 'node:test';

import { openObjectStore } from '../../src/storage/index.js';
import { startS3Server } from '../helpers/s3-server.js';
import { describeObjectStoreContract } from './object-store.contract.js';

process.env.AWS_ACCESS_KEY_ID ??= 'S3RVER';
process.env.AWS_SECRET_ACCESS_KEY ??= 'S3RVER';

let server: Awaited<ReturnType<typeof startS3Server>>;
before(async () => {
  server = await startS3Server();
});
after(async () => {
  await server.stop();
});

describeObjectStoreContract(
  's3 (s3rver on loopback)',
  async () =>
    openObjectStore(
      `s3://${server.bucket}/prefix/?endpoint=${encodeURIComponent(server.endpoint)}&forcePathStyle=true`,
    ),
  {
    skip: [
      {
        reason:
          's3rver lists a/... before a-b and its continuation token then skips a-b (real S3 lists by bytes)',
        tests: ['a key that sorts between a folder name and its contents pages in byte order'],
      },
      {
        reason: 's3rver returns a folder twice when a page of one entry holds both a folder and an object',
        tests: ['delimiter listing pages folders and objects together in key order'],
      },
      {
        reason: 's3rver gives a multipart object the MD5 of its whole content as ETag',
        tests: ['multipart ETag is MD5 of the part MD5s, then -<parts>'],
      },
      {
        reason: 's3rver does not implement AbortMultipartUpload',
        tests: ['aborted multipart upload leaves nothing'],
      },
    ],
  },
);
