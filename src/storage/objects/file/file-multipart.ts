import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { validateKey } from '../../../contract/index.js';
import { invalidArgument, newId, notFound } from '../../../core/index.js';
import {
  DEFAULT_CONTENT_TYPE,
  type MultipartPart,
  type MultipartUploads,
  type ObjectInfo,
  type PutOptions,
} from '../object-store.js';
import { multipartEtag, normalizeMetadata, toReadable } from '../stream-body.js';
import { fsyncPath, statOrUndefined, tempName, writeDurably } from './file-io.js';

interface UploadManifest {
  key: string;
  contentType: string;
  metadata: Record<string, string>;
}

type Commit = (
  key: string,
  tmp: string,
  info: { contentType: string; metadata: Record<string, string>; etag: string },
) => Promise<ObjectInfo>;

/** Parts are files under `<uploads>/<pid>-<id>/`; completing concatenates them into one temp file. */
export class FileMultipartUploads implements MultipartUploads {
  constructor(
    private readonly uploadsDir: string,
    private readonly tmpDir: string,
    private readonly commit: Commit,
  ) {}

  async create(key: string, options: Omit<PutOptions, 'signal' | 'onProgress'> = {}): Promise<string> {
    validateKey(key);
    const id = `${process.pid}-${newId()}`;
    await mkdir(join(this.uploadsDir, id), { recursive: true });
    const manifest: UploadManifest = {
      key,
      contentType: options.contentType || DEFAULT_CONTENT_TYPE,
      metadata: normalizeMetadata(options.metadata),
    };
    await writeFile(join(this.uploadsDir, id, 'upload.json'), JSON.stringify(manifest));
    return id;
  }

  async uploadPart(
    uploadId: string,
    partNumber: number,
    body: Readable | Uint8Array,
  ): Promise<MultipartPart> {
    await this.manifest(uploadId);
    if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > 10000) {
      throw invalidArgument(`part number ${partNumber} must be a whole number from 1 to 10000`, {
        field: 'partNumber',
      });
    }
    const tmp = join(this.tmpDir, tempName());
    try {
      const { etag } = await writeDurably(tmp, toReadable(body));
      await rename(tmp, this.partPath(uploadId, partNumber));
      return { partNumber, etag };
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  }

  async complete(uploadId: string, parts: readonly MultipartPart[]): Promise<ObjectInfo> {
    const manifest = await this.manifest(uploadId);
    if (parts.length === 0)
      throw invalidArgument('a multipart upload needs at least one part', { field: 'parts' });
    const tmp = join(this.tmpDir, tempName());
    try {
      const out = createWriteStream(tmp);
      for (const [i, part] of parts.entries()) {
        if (i > 0 && part.partNumber <= parts[i - 1]!.partNumber) {
          throw invalidArgument('parts must be listed in ascending part number order', { field: 'parts' });
        }
        const path = this.partPath(uploadId, part.partNumber);
        if (!(await statOrUndefined(path))) {
          throw invalidArgument(`part ${part.partNumber} of upload ${uploadId} was not uploaded`, {
            field: 'parts',
          });
        }
        for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
          if (!out.write(chunk)) await once(out, 'drain');
        }
      }
      await new Promise<void>((resolve, reject) =>
        out.end((err?: Error | null) => (err ? reject(err) : resolve())),
      );
      await fsyncPath(tmp);
      const info = await this.commit(manifest.key, tmp, {
        contentType: manifest.contentType,
        metadata: manifest.metadata,
        etag: multipartEtag(parts.map((p) => p.etag)),
      });
      await rm(join(this.uploadsDir, uploadId), { recursive: true, force: true });
      return info;
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  }

  async abort(uploadId: string): Promise<void> {
    await this.manifest(uploadId);
    await rm(join(this.uploadsDir, uploadId), { recursive: true, force: true });
  }

  private partPath(uploadId: string, partNumber: number): string {
    return join(this.uploadsDir, uploadId, `${partNumber}.part`);
  }

  private async manifest(uploadId: string): Promise<UploadManifest> {
    if (!/^[0-9]+-[0-9a-f-]{36}$/.test(uploadId))
      throw notFound(`multipart upload '${uploadId}' does not exist`);
    try {
      return JSON.parse(
        await readFile(join(this.uploadsDir, uploadId, 'upload.json'), 'utf8'),
      ) as UploadManifest;
    } catch {
      throw notFound(`multipart upload '${uploadId}' does not exist`, { uploadId });
    }
  }
}
