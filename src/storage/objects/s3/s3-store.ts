import { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { validateKey, validatePrefix } from '../../../contract/index.js';
import { invalidArgument, notFound, PlatformError } from '../../../core/index.js';
import {
  DEFAULT_CONTENT_TYPE,
  type GetOptions,
  type ListOptions,
  type ListPage,
  MAX_LIST_LIMIT,
  type MultipartPart,
  type MultipartUploads,
  type ObjectInfo,
  type ObjectStore,
  type PutOptions,
} from '../object-store.js';
import { normalizeMetadata, toReadable } from '../stream-body.js';
import type { S3StoreConfig } from './s3-config.js';

/** Objects in an S3 bucket (or any S3-compatible server) under an optional key prefix. */
export class S3ObjectStore implements ObjectStore {
  readonly capabilities = { localPaths: false, keyAndPrefix: true };
  readonly url: string;
  readonly client: S3Client;
  readonly multipart: MultipartUploads;

  constructor(readonly config: S3StoreConfig) {
    this.url = `s3://${config.bucket}/${config.prefix}`;
    this.client = new S3Client({
      region: config.region,
      forcePathStyle: config.forcePathStyle,
      ...(config.endpoint ? { endpoint: config.endpoint } : {}),
      ...(config.credentials ? { credentials: config.credentials } : {}),
    });
    this.multipart = new S3MultipartUploads(this);
  }

  fullKey(key: string): string {
    return this.config.prefix + validateKey(key);
  }

  async put(
    key: string,
    body: Readable | Uint8Array | string,
    options: PutOptions = {},
  ): Promise<ObjectInfo> {
    const Key = this.fullKey(key);
    const upload = new Upload({
      client: this.client,
      params: {
        Bucket: this.config.bucket,
        Key,
        Body: toReadable(body),
        ContentType: options.contentType || DEFAULT_CONTENT_TYPE,
        Metadata: normalizeMetadata(options.metadata),
      },
      partSize: this.config.partSize,
      queueSize: 4,
      leavePartsOnError: false,
    });
    if (options.onProgress) upload.on('httpUploadProgress', (p) => options.onProgress?.(p.loaded ?? 0));
    const abort = () => void upload.abort();
    options.signal?.addEventListener('abort', abort, { once: true });
    try {
      await upload.done();
    } catch (err) {
      throw mapS3Error(err, key);
    } finally {
      options.signal?.removeEventListener('abort', abort);
    }
    return this.head(key);
  }

  async get(key: string, options: GetOptions = {}): Promise<{ info: ObjectInfo; body: Readable }> {
    const range = options.range;
    try {
      const out = await this.client.send(
        new GetObjectCommand({
          Bucket: this.config.bucket,
          Key: this.fullKey(key),
          ...(range ? { Range: `bytes=${range.start}-${range.end ?? ''}` } : {}),
        }),
        options.signal ? { abortSignal: options.signal } : {},
      );
      const size = range
        ? Number(out.ContentRange?.split('/')[1] ?? out.ContentLength ?? 0)
        : Number(out.ContentLength ?? 0);
      return {
        info: {
          key,
          size,
          etag: out.ETag ?? '""',
          lastModified: out.LastModified ?? new Date(0),
          contentType: out.ContentType ?? DEFAULT_CONTENT_TYPE,
          metadata: out.Metadata ?? {},
        },
        body: out.Body as Readable,
      };
    } catch (err) {
      throw mapS3Error(err, key);
    }
  }

  async head(key: string): Promise<ObjectInfo> {
    try {
      const out = await this.client.send(
        new HeadObjectCommand({ Bucket: this.config.bucket, Key: this.fullKey(key) }),
      );
      return {
        key,
        size: Number(out.ContentLength ?? 0),
        etag: out.ETag ?? '""',
        lastModified: out.LastModified ?? new Date(0),
        contentType: out.ContentType ?? DEFAULT_CONTENT_TYPE,
        metadata: out.Metadata ?? {},
      };
    } catch (err) {
      throw mapS3Error(err, key);
    }
  }

  async list(options: ListOptions = {}): Promise<ListPage> {
    const prefix = validatePrefix(options.prefix ?? '');
    const limit = Math.min(Math.max(options.limit ?? MAX_LIST_LIMIT, 1), MAX_LIST_LIMIT);
    const out = await this.client
      .send(
        new ListObjectsV2Command({
          Bucket: this.config.bucket,
          Prefix: this.config.prefix + prefix,
          MaxKeys: limit,
          ...(options.delimiter ? { Delimiter: options.delimiter } : {}),
          ...(options.cursor ? { ContinuationToken: options.cursor } : {}),
        }),
      )
      .catch((err) => {
        throw mapS3Error(err, prefix);
      });
    const strip = (k: string) => k.slice(this.config.prefix.length);
    // ListObjectsV2 carries no content type or user metadata; a HEAD per object would make listing
    // slow, so those fields are filled by `head` when a caller needs them.
    const objects: ObjectInfo[] = (out.Contents ?? []).map((o) => ({
      key: strip(o.Key ?? ''),
      size: Number(o.Size ?? 0),
      etag: o.ETag ?? '""',
      lastModified: o.LastModified ?? new Date(0),
      contentType: DEFAULT_CONTENT_TYPE,
      metadata: {},
    }));
    return {
      objects,
      commonPrefixes: (out.CommonPrefixes ?? []).map((p) => strip(p.Prefix ?? '')),
      ...(out.IsTruncated && out.NextContinuationToken ? { nextCursor: out.NextContinuationToken } : {}),
    };
  }

  async delete(key: string): Promise<void> {
    await this.client
      .send(new DeleteObjectCommand({ Bucket: this.config.bucket, Key: this.fullKey(key) }))
      .catch((err) => {
        throw mapS3Error(err, key);
      });
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}

class S3MultipartUploads implements MultipartUploads {
  /** Upload ids handed out by S3 are opaque; Kelp's id carries the key so later calls need only the id. */
  constructor(private readonly store: S3ObjectStore) {}

  async create(key: string, options: Omit<PutOptions, 'signal' | 'onProgress'> = {}): Promise<string> {
    const out = await this.store.client.send(
      new CreateMultipartUploadCommand({
        Bucket: this.store.config.bucket,
        Key: this.store.fullKey(key),
        ContentType: options.contentType || DEFAULT_CONTENT_TYPE,
        Metadata: normalizeMetadata(options.metadata),
      }),
    );
    return Buffer.from(JSON.stringify([key, out.UploadId])).toString('base64url');
  }

  async uploadPart(
    uploadId: string,
    partNumber: number,
    body: Readable | Uint8Array,
  ): Promise<MultipartPart> {
    const [key, id] = decodeUploadId(uploadId);
    // S3 needs a known length per part; parts are bounded (<= 5 GiB, usually a few MiB), so buffer.
    const bytes = body instanceof Uint8Array ? body : Buffer.concat(await Readable.from(body).toArray());
    const out = await this.store.client
      .send(
        new UploadPartCommand({
          Bucket: this.store.config.bucket,
          Key: this.store.fullKey(key),
          UploadId: id,
          PartNumber: partNumber,
          Body: bytes,
        }),
      )
      .catch((err) => {
        throw mapS3Error(err, key);
      });
    return { partNumber, etag: out.ETag ?? '' };
  }

  async complete(uploadId: string, parts: readonly MultipartPart[]): Promise<ObjectInfo> {
    const [key, id] = decodeUploadId(uploadId);
    if (parts.length === 0)
      throw invalidArgument('a multipart upload needs at least one part', { field: 'parts' });
    await this.store.client
      .send(
        new CompleteMultipartUploadCommand({
          Bucket: this.store.config.bucket,
          Key: this.store.fullKey(key),
          UploadId: id,
          MultipartUpload: { Parts: parts.map((p) => ({ PartNumber: p.partNumber, ETag: p.etag })) },
        }),
      )
      .catch((err) => {
        throw mapS3Error(err, key);
      });
    return this.store.head(key);
  }

  async abort(uploadId: string): Promise<void> {
    const [key, id] = decodeUploadId(uploadId);
    await this.store.client
      .send(
        new AbortMultipartUploadCommand({
          Bucket: this.store.config.bucket,
          Key: this.store.fullKey(key),
          UploadId: id,
        }),
      )
      .catch((err) => {
        throw mapS3Error(err, key);
      });
  }
}

function decodeUploadId(uploadId: string): [string, string] {
  try {
    const [key, id] = JSON.parse(Buffer.from(uploadId, 'base64url').toString()) as [string, string];
    if (typeof key === 'string' && typeof id === 'string') return [key, id];
  } catch {
    // fall through
  }
  throw notFound(`multipart upload '${uploadId}' does not exist`, { uploadId });
}

function mapS3Error(err: unknown, key: string): Error {
  if (err instanceof PlatformError) return err;
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number }; message?: string };
  const status = e.$metadata?.httpStatusCode;
  if (e.name === 'NoSuchKey' || e.name === 'NotFound' || status === 404) {
    return notFound(`object '${key}' does not exist`, { key });
  }
  if (e.name === 'NoSuchUpload') return notFound(`multipart upload for '${key}' does not exist`, { key });
  if (e.name === 'AbortError')
    return new PlatformError('cancelled', `upload of '${key}' was cancelled`, { key });
  return new PlatformError(
    'unavailable',
    `S3 request for '${key}' failed: ${e.name ?? ''} ${e.message ?? ''}`,
    {
      key,
    },
  );
}
