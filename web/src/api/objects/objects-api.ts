import { type ObjectInfo, type ObjectPage, validateKey } from '../../../../src/contract/index.js';
import { kelp } from '../client.js';
import { type CsvPreview, parseCsvPreview } from './csv-preview.js';

export type { CsvPreview, ObjectInfo, ObjectPage };

/** Bytes read for a preview: enough for a few dozen rows of any reasonable width. */
const PREVIEW_BYTES = 64 * 1024;

export const objectsApi = {
  list: (prefix: string, cursor?: string, limit = 200): Promise<ObjectPage> =>
    kelp.objects.list({ prefix, delimiter: '/', limit, ...(cursor ? { cursor } : {}) }),
  head: (key: string): Promise<ObjectInfo> => kelp.objects.head(key),
  remove: (key: string): Promise<void> => kelp.objects.delete(key),
  /** The header and first `rows` records of a CSV object, from its first 64 KiB (a range request). */
  async csvPreview(key: string, rows: number): Promise<CsvPreview> {
    const { info, body } = await kelp.objects.get(key, { range: { start: 0, end: PREVIEW_BYTES - 1 } });
    const text = await new Response(body).text();
    return parseCsvPreview(text, rows, info.size <= PREVIEW_BYTES);
  },
  downloadUrl: (key: string): string => `/api/v1/objects/${key.split('/').map(encodeURIComponent).join('/')}`,
  /**
   * Uploads with XMLHttpRequest, the one browser API that reports upload progress. The key is
   * checked by the SDK's rules first so a bad key fails with the same message as the server's.
   */
  upload(key: string, file: File, onProgress: (fraction: number) => void): Promise<ObjectInfo> {
    return new Promise((resolve, reject) => {
      let url: string;
      try {
        url = objectsApi.downloadUrl(validateKey(key));
      } catch (err) {
        reject(err);
        return;
      }
      const xhr = new XMLHttpRequest();
      xhr.open('PUT', url);
      xhr.setRequestHeader('content-type', file.type || 'application/octet-stream');
      xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
      xhr.onload = () => {
        try {
          const body = JSON.parse(xhr.responseText) as ObjectInfo & { error?: { message: string } };
          if (xhr.status >= 400) reject(new Error(body.error?.message ?? `HTTP ${xhr.status}`));
          else resolve(body);
        } catch {
          reject(new Error(`upload failed: HTTP ${xhr.status}`));
        }
      };
      xhr.onerror = () => reject(new Error('upload failed: the server could not be reached'));
      xhr.send(file);
    });
  },
};
