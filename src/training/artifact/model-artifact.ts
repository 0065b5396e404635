import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';

import { extract, pack } from 'tar-stream';
import type { FeatureImportance } from '../../contract/index.js';
import { invalidArgument } from '../../core/index.js';
import type { AlgorithmKind, HyperparameterValues, Preprocessor } from '../../ml/index.js';

export const MODEL_FORMAT = 'kelp-model/1';

/** Everything `model.tar.gz` holds: enough to predict from raw rows and to describe the model. */
export interface ModelArtifact {
  readonly format: typeof MODEL_FORMAT;
  readonly algorithm: string;
  readonly kind: AlgorithmKind;
  readonly hyperparameters: HyperparameterValues;
  readonly preprocessor: Preprocessor;
  /** The algorithm's trained state (typed arrays allowed). */
  readonly state: unknown;
  readonly metrics: Record<string, number>;
  readonly featureImportance?: FeatureImportance | null;
  /** Input columns and their Glue types, as the training data had them. */
  readonly schema: readonly { name: string; type: string }[];
  readonly trainedAt: string;
  readonly rows: { readonly train: number; readonly validation: number };
  readonly seed: number;
}

const TYPED = {
  float64: Float64Array,
  float32: Float32Array,
  int32: Int32Array,
  uint32: Uint32Array,
  uint8: Uint8Array,
  int8: Int8Array,
  uint16: Uint16Array,
  int16: Int16Array,
} as const;
type TypedName = keyof typeof TYPED;

/** JSON with typed arrays kept exact: `{"$typed": "float64", "base64": "..."}`. */
export function encodeTyped(value: unknown): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const name = (Object.keys(TYPED) as TypedName[]).find((k) => value instanceof TYPED[k]);
    if (!name) throw invalidArgument(`cannot store a ${value.constructor.name} in a model`);
    return {
      $typed: name,
      base64: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64'),
    };
  }
  if (Array.isArray(value)) return value.map(encodeTyped);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encodeTyped(v)]));
  if (typeof value === 'number' && !Number.isFinite(value)) return { $number: String(value) };
  return value;
}

export function decodeTyped(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeTyped);
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.$typed === 'string' && typeof o.base64 === 'string') {
      const Ctor = TYPED[o.$typed as TypedName];
      if (!Ctor) throw invalidArgument(`model: unknown array type '${o.$typed}'`);
      const bytes = Buffer.from(o.base64, 'base64');
      const copy = new Uint8Array(bytes.length);
      copy.set(bytes);
      return new Ctor(copy.buffer, 0, bytes.length / Ctor.BYTES_PER_ELEMENT);
    }
    if (typeof o.$number === 'string') return Number(o.$number);
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, decodeTyped(v)]));
  }
  return value;
}

/** Writes `model.tar.gz` holding `model.json`. */
export async function writeModelArtifact(path: string, artifact: ModelArtifact): Promise<void> {
  const tar = pack();
  const body = Buffer.from(JSON.stringify(encodeTyped(artifact)));
  tar.entry(
    { name: 'model.json', size: body.length, mode: 0o644, mtime: new Date(artifact.trainedAt) },
    body,
  );
  tar.finalize();
  await pipeline(tar, createGzip(), createWriteStream(path));
}

/** Reads `model.tar.gz`; a file that is not one is an error naming it. */
export async function readModelArtifact(path: string): Promise<ModelArtifact> {
  const tar = extract();
  let json: string | undefined;
  tar.on('entry', (header, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: unknown) => chunks.push(c as Buffer));
    stream.on('end', () => {
      if (header.name === 'model.json') json = Buffer.concat(chunks).toString('utf8');
      next();
    });
    stream.resume();
  });
  try {
    await pipeline(createReadStream(path), createGunzip(), tar);
  } catch (err) {
    throw invalidArgument(`${path}: not a Kelp model.tar.gz (${(err as Error).message})`, { path });
  }
  if (!json) throw invalidArgument(`${path}: no model.json inside`, { path });
  const artifact = decodeTyped(JSON.parse(json)) as ModelArtifact;
  if (artifact.format !== MODEL_FORMAT)
    throw invalidArgument(`${path}: model format '${artifact.format}', this Kelp reads ${MODEL_FORMAT}`, {
      path,
    });
  return artifact;
}
