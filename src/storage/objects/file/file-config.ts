import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface FileStoreConfig {
  /** Folder whose files are the objects; keys are paths relative to it. */
  readonly root: string;
}

export function fileStoreConfigFromUrl(url: URL): FileStoreConfig {
  return { root: resolve(fileURLToPath(new URL(url.href.split('?')[0]!))) };
}
