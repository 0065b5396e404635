import type { ImportModelBody, Model } from '../contract/index.js';
import { invalidArgument } from '../core/index.js';
import type { ObjectStore } from '../storage/index.js';
import type { ModelService } from '../training/index.js';
import { inspectOnnx } from './onnx-predictor.js';

/**
 * Registers an ONNX model brought from elsewhere (scikit-learn, PyTorch, ...): ONNX Runtime must load
 * it and its outputs must be tensors; it is then a model like the others, for endpoints and batch
 * transform. Classifiers are recognized by a probabilities output; `classes` names its columns.
 */
export async function importOnnxModel(
  deps: { readonly objects: ObjectStore; readonly models: ModelService },
  project: string,
  body: ImportModelBody,
  principal: string,
): Promise<Model> {
  if (await deps.models.exists(project, body.name))
    throw invalidArgument(`model '${body.name}' already exists; choose another name`, { model: body.name });
  const { body: stream } = await deps.objects.get(body.object);
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  const bytes = new Uint8Array(Buffer.concat(chunks));
  const sig = await inspectOnnx(bytes);
  const artifactKey = `kelp-system/models/${project}/${body.name}/imported/model.onnx`;
  await deps.objects.put(artifactKey, bytes, { contentType: 'application/octet-stream' });
  return deps.models.register(project, {
    name: body.name,
    algorithm: 'onnx',
    kind: sig.kind,
    artifactKey,
    jobId: null,
    target: null,
    classes: body.classes ?? [],
    metrics: {},
    hyperparameters: {},
    schema: sig.inputs.map((i) => ({ name: i.name, type: `${i.type}[${i.shape.join(',')}]` })),
    featureImportance: null,
    dataSource: body.object,
    createdBy: principal,
  });
}
