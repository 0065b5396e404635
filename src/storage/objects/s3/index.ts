import { type S3StoreConfig, s3StoreConfigFromUrl } from './s3-config.js';
import { S3ObjectStore } from './s3-store.js';

export { type S3StoreConfig, s3StoreConfigFromUrl } from './s3-config.js';
export { S3ObjectStore } from './s3-store.js';

export async function openS3Store(config: URL | S3StoreConfig): Promise<S3ObjectStore> {
  return new S3ObjectStore(config instanceof URL ? s3StoreConfigFromUrl(config) : config);
}
