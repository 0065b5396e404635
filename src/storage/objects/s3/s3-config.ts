import { invalidArgument } from '../../../core/index.js';

export interface S3StoreConfig {
  readonly bucket: string;
  /** Key prefix inside the bucket ('' or ending with '/'). */
  readonly prefix: string;
  readonly region: string;
  /** S3-compatible endpoint, e.g. `http://127.0.0.1:4569`; AWS when absent. */
  readonly endpoint?: string;
  readonly forcePathStyle: boolean;
  readonly credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Part size for multipart uploads of streams (bytes, at least 5 MiB). */
  readonly partSize: number;
}

/**
 * `s3://bucket/prefix?endpoint=http://host:port&region=us-east-1&forcePathStyle=true`.
 * Query values fall back to AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL, AWS_REGION; credentials come from
 * the AWS default chain (AWS_ACCESS_KEY_ID ...) unless `accessKeyId`/`secretAccessKey` are given.
 */
export function s3StoreConfigFromUrl(url: URL, env: NodeJS.ProcessEnv = process.env): S3StoreConfig {
  const bucket = url.hostname;
  if (!bucket) throw invalidArgument(`S3 store URL '${url.href}' has no bucket (s3://bucket/prefix)`);
  const q = url.searchParams;
  let prefix = decodeURIComponent(url.pathname.replace(/^\/+/, ''));
  if (prefix && !prefix.endsWith('/')) prefix += '/';
  const endpoint = q.get('endpoint') ?? env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL;
  const accessKeyId = q.get('accessKeyId');
  const secretAccessKey = q.get('secretAccessKey');
  const partSize = Number(q.get('partSize') ?? 8 * 1024 * 1024);
  if (!Number.isFinite(partSize) || partSize < 5 * 1024 * 1024) {
    throw invalidArgument(
      `S3 store URL parameter partSize=${q.get('partSize')} must be at least 5242880 bytes`,
    );
  }
  return {
    bucket,
    prefix,
    region: q.get('region') ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1',
    ...(endpoint ? { endpoint } : {}),
    forcePathStyle: (q.get('forcePathStyle') ?? (endpoint ? 'true' : 'false')) === 'true',
    ...(accessKeyId && secretAccessKey ? { credentials: { accessKeyId, secretAccessKey } } : {}),
    partSize,
  };
}
