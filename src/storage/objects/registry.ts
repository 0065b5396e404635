import { invalidArgument } from '../../core/index.js';
import type { ObjectStore } from './object-store.js';

export type ObjectStoreFactory = (url: URL) => Promise<ObjectStore>;

const factories = new Map<string, ObjectStoreFactory>();

/** Registers a backend for a URL scheme (`file`, `s3`, ...). Factories load heavy SDKs lazily. */
export function registerObjectStore(scheme: string, factory: ObjectStoreFactory): void {
  factories.set(scheme.replace(/:$/, ''), factory);
}

export function objectStoreSchemes(): string[] {
  return [...factories.keys()];
}

/** Opens the store for a URL such as `file:///data/lake` or `s3://bucket/prefix?endpoint=...`. */
export async function openObjectStore(url: string): Promise<ObjectStore> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalidArgument(
      `object store URL '${url}' is not a valid URL (e.g. file:///data or s3://bucket/prefix)`,
    );
  }
  const scheme = parsed.protocol.replace(/:$/, '');
  const factory = factories.get(scheme);
  if (!factory) {
    throw invalidArgument(
      `unknown object store scheme '${scheme}' in '${url}'; known schemes: ${objectStoreSchemes().join(', ')}`,
    );
  }
  return factory(parsed);
}

registerObjectStore('file', async (url) => (await import('./file/index.js')).openFileStore(url));
registerObjectStore('s3', async (url) => (await import('./s3/index.js')).openS3Store(url));
