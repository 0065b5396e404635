import type { Readable } from 'node:stream';

/** What a store knows about one object. */
export interface ObjectInfo {
  readonly key: string;
  readonly size: number;
  /** Opaque change tag, quoted as in S3 (`"<hex>"`, `"<hex>-<parts>"` after a multipart upload). */
  readonly etag: string;
  readonly lastModified: Date;
  readonly contentType: string;
  /** User metadata: lowercase keys, string values (S3's `x-amz-meta-*`). */
  readonly metadata: Readonly<Record<string, string>>;
}

export interface PutOptions {
  readonly contentType?: string;
  readonly metadata?: Record<string, string>;
  /** Stops the upload; the previous object (or none) stays in place. */
  readonly signal?: AbortSignal;
  /** Called with the number of bytes taken so far. */
  readonly onProgress?: (bytes: number) => void;
}

export interface GetOptions {
  /** Inclusive byte range, as HTTP `Range: bytes=start-end`. */
  readonly range?: { readonly start: number; readonly end?: number };
  readonly signal?: AbortSignal;
}

export interface ListOptions {
  readonly prefix?: string;
  /** Keys that contain the delimiter after the prefix are rolled up into `commonPrefixes`. */
  readonly delimiter?: string;
  /** Page size, 1-1000 (default 1000). */
  readonly limit?: number;
  /** `nextCursor` from the previous page. */
  readonly cursor?: string;
}

export interface ListPage {
  /** Objects in ascending key order (by UTF-8 bytes, like S3). */
  readonly objects: readonly ObjectInfo[];
  readonly commonPrefixes: readonly string[];
  /** Present when more results follow. */
  readonly nextCursor?: string;
}

export interface MultipartPart {
  readonly partNumber: number;
  readonly etag: string;
}

/** Multipart uploads: parts of at least 5 MiB (but the last) sent separately, then assembled at once. */
export interface MultipartUploads {
  create(key: string, options?: Omit<PutOptions, 'signal' | 'onProgress'>): Promise<string>;
  uploadPart(uploadId: string, partNumber: number, body: Readable | Uint8Array): Promise<MultipartPart>;
  /** Makes the object visible atomically; parts are given in ascending part number. */
  complete(uploadId: string, parts: readonly MultipartPart[]): Promise<ObjectInfo>;
  abort(uploadId: string): Promise<void>;
}

export interface StoreCapabilities {
  /** The backend can hand a local path of an object to engines that read files (DuckDB). */
  readonly localPaths: boolean;
  /** A key can be both an object and a prefix of other keys (`a` and `a/b`); false on file systems. */
  readonly keyAndPrefix: boolean;
}

/**
 * The object store: S3's model (flat keys, whole-object writes) over several backends.
 *
 * Contract shared by every backend (checked by test/contract/object-store.contract.ts):
 * - Keys are validated by `validateKey`; a bad key throws `invalid_argument` naming the problem.
 * - `put` streams the body with bounded memory and is atomic: readers see the old object or the
 *   new one, never a part; a failed or aborted put leaves the old object (or none).
 * - `get` and `head` throw `not_found` for a missing key. `delete` of a missing key succeeds.
 * - `list` pages in ascending key order; a cursor resumes after the last entry of the previous page.
 */
export interface ObjectStore {
  readonly url: string;
  readonly capabilities: StoreCapabilities;
  put(key: string, body: Readable | Uint8Array | string, options?: PutOptions): Promise<ObjectInfo>;
  get(key: string, options?: GetOptions): Promise<{ info: ObjectInfo; body: Readable }>;
  head(key: string): Promise<ObjectInfo>;
  list(options?: ListOptions): Promise<ListPage>;
  delete(key: string): Promise<void>;
  readonly multipart: MultipartUploads;
  /** Path of the object on the local file system, when `capabilities.localPaths`. */
  localPath?(key: string): string;
  close(): Promise<void>;
}

export const DEFAULT_CONTENT_TYPE = 'application/octet-stream';
export const MAX_LIST_LIMIT = 1000;
