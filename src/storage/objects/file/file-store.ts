import { createReadStream } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { validateKey, validatePrefix } from '../../../contract/index.js';
import { invalidArgument, notFound } from '../../../core/index.js';
import {
  DEFAULT_CONTENT_TYPE,
  type GetOptions,
  type ListOptions,
  type ListPage,
  MAX_LIST_LIMIT,
  type MultipartUploads,
  type ObjectInfo,
  type ObjectStore,
  type PutOptions,
} from '../object-store.js';
import { decodeCursor, encodeCursor, normalizeMetadata, toReadable } from '../stream-body.js';
import type { FileStoreConfig } from './file-config.js';
import {
  fsyncPath,
  pruneEmptyParents,
  renameIntoPlace,
  statOrUndefined,
  sweepTempFiles,
  tempName,
  writeDurably,
} from './file-io.js';
import { walkKeys } from './file-list.js';
import { FileMultipartUploads } from './file-multipart.js';

/** What the sidecar file beside each object records; `ino` ties it to one version of the data file. */
interface Sidecar {
  contentType: string;
  metadata: Record<string, string>;
  etag: string;
  size: number;
  ino: number;
}

/**
 * Objects as plain files under a root folder (so engines such as DuckDB can read them in place).
 * Content type, user metadata and ETag live in sidecars under `<root>/.kelp/meta/`; temp files and
 * multipart parts under `<root>/.kelp/tmp` and `.kelp/uploads`.
 */
export class FileObjectStore implements ObjectStore {
  readonly capabilities = { localPaths: true, keyAndPrefix: false };
  readonly multipart: MultipartUploads;
  readonly url: string;
  private readonly tmpDir: string;
  private readonly metaDir: string;

  private constructor(readonly config: FileStoreConfig) {
    this.url = pathToFileURL(config.root).href;
    this.tmpDir = join(config.root, '.kelp', 'tmp');
    this.metaDir = join(config.root, '.kelp', 'meta');
    this.multipart = new FileMultipartUploads(join(config.root, '.kelp', 'uploads'), this.tmpDir, (k, t, i) =>
      this.commit(k, t, i),
    );
  }

  static async open(config: FileStoreConfig): Promise<FileObjectStore> {
    const store = new FileObjectStore(config);
    await mkdir(store.tmpDir, { recursive: true });
    await sweepTempFiles(store.tmpDir);
    await sweepTempFiles(join(config.root, '.kelp', 'uploads'));
    return store;
  }

  localPath(key: string): string {
    return join(this.config.root, ...validateKey(key).split('/'));
  }

  async put(
    key: string,
    body: Readable | Uint8Array | string,
    options: PutOptions = {},
  ): Promise<ObjectInfo> {
    validateKey(key);
    const tmp = join(this.tmpDir, tempName());
    try {
      const { etag } = await writeDurably(tmp, toReadable(body), options);
      return await this.commit(key, tmp, {
        contentType: options.contentType || DEFAULT_CONTENT_TYPE,
        metadata: normalizeMetadata(options.metadata),
        etag,
      });
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  }

  /** Moves a durable temp file into place as `key`, then writes its sidecar. */
  private async commit(
    key: string,
    tmp: string,
    info: { contentType: string; metadata: Record<string, string>; etag: string },
  ): Promise<ObjectInfo> {
    const path = this.localPath(key);
    const st = await statOrUndefined(tmp);
    if (!st) throw new Error(`temp file vanished before commit: ${tmp}`);
    const sidecar: Sidecar = { ...info, size: st.size, ino: st.ino };
    await renameIntoPlace(tmp, path, key);
    // The data is in place; a crash before the sidecar lands leaves a stale sidecar, which the
    // inode check in `head` ignores.
    const sidecarTmp = join(this.tmpDir, tempName());
    await writeFile(sidecarTmp, JSON.stringify(sidecar));
    await fsyncPath(sidecarTmp);
    await renameIntoPlace(sidecarTmp, this.sidecarPath(key), key);
    return { key, size: st.size, lastModified: st.mtime, ...info };
  }

  async get(key: string, options: GetOptions = {}): Promise<{ info: ObjectInfo; body: Readable }> {
    const info = await this.head(key);
    const range = options.range;
    if (range && (range.start < 0 || range.start >= Math.max(info.size, 1) || (range.end ?? 0) < 0)) {
      throw invalidArgument(`range start ${range.start} is outside object '${key}' of ${info.size} bytes`, {
        field: 'range',
      });
    }
    const body = createReadStream(this.localPath(key), {
      highWaterMark: 1 << 20,
      ...(range ? { start: range.start, end: Math.min(range.end ?? info.size - 1, info.size - 1) } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return { info, body };
  }

  async head(key: string): Promise<ObjectInfo> {
    const path = this.localPath(key);
    const st = await statOrUndefined(path);
    if (!st?.isFile()) throw notFound(`object '${key}' does not exist`, { key });
    const sidecar = await this.readSidecar(key);
    if (sidecar && sidecar.ino === st.ino && sidecar.size === st.size) {
      return {
        key,
        size: st.size,
        etag: sidecar.etag,
        lastModified: st.mtime,
        contentType: sidecar.contentType,
        metadata: sidecar.metadata,
      };
    }
    // A file placed in the folder by other means: a change tag from size and modification time.
    return {
      key,
      size: st.size,
      etag: `"${st.size.toString(16)}-${Math.floor(st.mtimeMs).toString(16)}"`,
      lastModified: st.mtime,
      contentType: DEFAULT_CONTENT_TYPE,
      metadata: {},
    };
  }

  async list(options: ListOptions = {}): Promise<ListPage> {
    const prefix = validatePrefix(options.prefix ?? '');
    const limit = Math.min(Math.max(options.limit ?? MAX_LIST_LIMIT, 1), MAX_LIST_LIMIT);
    const { entries, more } = await walkKeys(this.config.root, {
      prefix,
      delimiter: options.delimiter || undefined,
      after: decodeCursor(options.cursor),
      limit,
    });
    const objects: ObjectInfo[] = [];
    const commonPrefixes: string[] = [];
    for (const e of entries) {
      if (e.kind === 'prefix') commonPrefixes.push(e.key);
      else {
        const info = await this.head(e.key).catch(() => undefined); // deleted while listing
        if (info) objects.push(info);
      }
    }
    const last = entries.at(-1);
    return {
      objects,
      commonPrefixes,
      ...(more && last ? { nextCursor: encodeCursor(last.key) } : {}),
    };
  }

  async delete(key: string): Promise<void> {
    const path = this.localPath(key);
    const st = await statOrUndefined(path);
    if (st?.isDirectory()) return; // a prefix, not an object: nothing to delete, as on S3
    await rm(path, { force: true });
    await rm(this.sidecarPath(key), { force: true });
    await pruneEmptyParents(path, this.config.root);
    await pruneEmptyParents(this.sidecarPath(key), this.metaDir);
  }

  async close(): Promise<void> {}

  private sidecarPath(key: string): string {
    return `${join(this.metaDir, ...key.split('/'))}.json`;
  }

  private async readSidecar(key: string): Promise<Sidecar | undefined> {
    try {
      return JSON.parse(await readFile(this.sidecarPath(key), 'utf8')) as Sidecar;
    } catch {
      return undefined;
    }
  }
}
