import type { OnnxInput } from './onnx-inputs.js';

/** One output tensor's values: numbers (float, double), bigints (int64) or strings. */
export interface OnnxOutput {
  readonly data: Float32Array | Float64Array | BigInt64Array | string[] | ArrayLike<number>;
  readonly dims: readonly number[];
}

/**
 * Runs a serialized ONNX model once in onnxruntime-node (CPU, one thread: cheap to start, and the
 * sums come out in one fixed order). The runtime is loaded on first use: it is a native addon, and
 * onnxruntime-web must never be loaded into the same process.
 */
export async function runOnnx(
  model: Uint8Array,
  inputs: Readonly<Record<string, OnnxInput>>,
): Promise<Record<string, OnnxOutput>> {
  // A CommonJS package: Node names its exports, or leaves them on `default` (loaders differ).
  const mod = await import('onnxruntime-node');
  const ort = mod.InferenceSession ? mod : mod.default;
  const session = await ort.InferenceSession.create(model, {
    executionProviders: ['cpu'],
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
  });
  try {
    const feeds: Record<string, InstanceType<typeof ort.Tensor>> = {};
    for (const [name, input] of Object.entries(inputs))
      feeds[name] =
        input.type === 'string'
          ? new ort.Tensor('string', input.data, [...input.dims])
          : new ort.Tensor(input.type, input.data, [...input.dims]);
    const results = await session.run(feeds);
    const out: Record<string, OnnxOutput> = {};
    for (const [name, t] of Object.entries(results))
      out[name] = { data: t.data as OnnxOutput['data'], dims: [...t.dims] };
    return out;
  } finally {
    await session.release();
  }
}
