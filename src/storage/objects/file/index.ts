import { type FileStoreConfig, fileStoreConfigFromUrl } from './file-config.js';
import { FileObjectStore } from './file-store.js';

export type { FileStoreConfig } from './file-config.js';
export { FileObjectStore } from './file-store.js';

export async function openFileStore(config: URL | FileStoreConfig): Promise<FileObjectStore> {
  const { mkdir } = await import('node:fs/promises');
  const resolved = config instanceof URL ? fileStoreConfigFromUrl(config) : config;
  await mkdir(resolved.root, { recursive: true });
  return FileObjectStore.open(resolved);
}
