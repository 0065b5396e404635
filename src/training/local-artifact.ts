import { localCopy } from '../catalog/index.js';
import type { ObjectStore } from '../storage/index.js';
import type { ModelService } from './model-service.js';

/**
 * A model's artifact on local disk (model.tar.gz, or an imported model.onnx): the object itself on a
 * file store, else a copy in `cacheDir` made once per ETag. With the model's class names, which
 * imported ONNX classifiers need.
 */
export async function localModelArtifact(
  deps: { readonly objects: ObjectStore; readonly models: ModelService; readonly cacheDir: string },
  project: string,
  modelName: string,
): Promise<{ artifactPath: string; classes: readonly string[] }> {
  const model = await deps.models.get(project, modelName);
  const info = await deps.objects.head(model.artifactKey);
  const local = deps.objects.localPath?.(model.artifactKey);
  const artifactPath = await localCopy(
    {
      rel: model.artifactKey,
      key: model.artifactKey,
      etag: info.etag,
      size: info.size,
      mtimeMs: info.lastModified.getTime(),
      ...(local ? { localPath: local } : {}),
    },
    deps.objects,
    deps.cacheDir,
  );
  return { artifactPath, classes: model.classes };
}
