import type { InferenceSession, Tensor } from 'onnxruntime-common';

import { invalidArgument } from '../core/index.js';
import type { OutputColumn } from '../engine/index.js';
import { formatPredictions, invocationType, parseRows, recordRows, responseType } from './codecs.js';
import type { InvocationResult } from './predictor.js';

type Ort = typeof import('onnxruntime-node');

/** ONNX Runtime, loaded on first use (a CommonJS package: its exports may sit on `default`). */
async function ort(): Promise<Ort> {
  const mod = await import('onnxruntime-node');
  return (mod.InferenceSession ? mod : (mod as unknown as { default: Ort }).default) as Ort;
}

interface TensorSpec {
  readonly name: string;
  readonly type: string;
  readonly shape: readonly (number | string)[];
}

/** An imported model's inputs and outputs, as ONNX Runtime reads them; non-tensor values refused. */
export interface OnnxSignature {
  readonly inputs: readonly TensorSpec[];
  readonly outputs: readonly TensorSpec[];
  /**
   * `classifier` when there is a probabilities output (Kelp's, or sklearn-onnx's without ZipMap),
   * `anomaly` when the only output is a `score` (Kelp's randomcutforest export), else `regressor`.
   */
  readonly kind: 'classifier' | 'regressor' | 'anomaly';
  readonly probabilities?: string;
  readonly label?: string;
}

const PROBABILITIES = ['probabilities', 'output_probability', 'probability'];
const LABELS = ['label', 'output_label'];

function signature(session: InferenceSession): OnnxSignature {
  const specs = (list: readonly InferenceSession.ValueMetadata[], what: string) =>
    list.map((m) => {
      if (!m.isTensor)
        throw invalidArgument(
          `${what} '${m.name}' is not a tensor (e.g. a ZipMap of probabilities): export the model with plain tensor outputs (sklearn-onnx: options={'zipmap': False})`,
          { [what]: m.name },
        );
      return { name: m.name, type: m.type, shape: [...m.shape] as (number | string)[] };
    });
  const inputs = specs(session.inputMetadata, 'input');
  const outputs = specs(session.outputMetadata, 'output');
  const probabilities = outputs.find((o) => PROBABILITIES.includes(o.name))?.name;
  const label = outputs.find((o) => LABELS.includes(o.name))?.name;
  return {
    inputs,
    outputs,
    kind: probabilities
      ? 'classifier'
      : outputs.length === 1 && outputs[0]!.name === 'score'
        ? 'anomaly'
        : 'regressor',
    ...(probabilities ? { probabilities } : {}),
    ...(label ? { label } : {}),
  };
}

/** Reads an ONNX model's signature (refusing models ONNX Runtime cannot load, with its message). */
export async function inspectOnnx(bytes: Uint8Array): Promise<OnnxSignature> {
  const session = await (await ort()).InferenceSession.create(bytes).catch((err: Error) => {
    throw invalidArgument(`ONNX Runtime cannot load the model: ${err.message}`);
  });
  try {
    return signature(session);
  } finally {
    await session.release();
  }
}

/**
 * Serves an imported ONNX model with the same request and response formats as Kelp's own models.
 * One input of shape [N, d] takes each row's d values in order (the usual export of a pipeline);
 * several inputs take one column each, by position or by name (Kelp's own exports). Classifiers
 * answer predicted_label and probability_<class>; other models `prediction` (or `output_<j>`).
 */
export class OnnxPredictor {
  private constructor(
    private readonly session: InferenceSession,
    private readonly ort: Ort,
    private readonly sig: OnnxSignature,
    private readonly classes: readonly string[],
  ) {}

  static async load(bytes: Uint8Array, classes: readonly string[] = []): Promise<OnnxPredictor> {
    const o = await ort();
    const session = await o.InferenceSession.create(bytes, { intraOpNumThreads: 1, interOpNumThreads: 1 });
    return new OnnxPredictor(session, o, signature(session), classes);
  }

  async invoke(
    contentType: string | undefined,
    accept: string | undefined,
    body: string | Uint8Array,
  ): Promise<InvocationResult> {
    const type = invocationType(contentType);
    const acceptType = responseType(accept, type);
    const inputs = this.sig.inputs;
    const single = inputs.length === 1 ? Number(inputs[0]!.shape[1] ?? 1) : 1;
    const rows =
      type === 'application/x-recordio-protobuf'
        ? recordRows(
            typeof body === 'string' ? Buffer.from(body, 'latin1') : body,
            inputs.length === 1 ? single : inputs.length,
          )
        : parseRows(type, typeof body === 'string' ? body : Buffer.from(body).toString('utf8'));
    const n = rows.length;
    if (n === 0) throw invalidArgument('the request holds no rows');
    const feeds: Record<string, Tensor> = {};
    if (inputs.length === 1 && single > 1) {
      const data = new Float64Array(n * single);
      rows.forEach((r, i) => {
        const values = Array.isArray(r) ? r : Object.values(r);
        if (values.length !== single)
          throw invalidArgument(`row ${i + 1}: ${values.length} values, the model takes ${single}`, {
            row: i + 1,
          });
        values.forEach((v, j) => {
          data[i * single + j] = this.number(v, i, inputs[0]!.name);
        });
      });
      feeds[inputs[0]!.name] = this.numbers(inputs[0]!.type, data, [n, single]);
    } else {
      inputs.forEach((input, c) => {
        const cells = rows.map((r, i) => {
          if (!Array.isArray(r)) return (r as Record<string, unknown>)[input.name];
          if (r.length !== inputs.length)
            throw invalidArgument(`row ${i + 1}: ${r.length} values, the model takes ${inputs.length}`, {
              row: i + 1,
            });
          return r[c];
        });
        feeds[input.name] =
          input.type === 'string'
            ? new this.ort.Tensor(
                'string',
                cells.map((v) => (v === null || v === undefined ? '' : String(v))),
                [n, 1],
              )
            : this.numbers(
                input.type,
                Float64Array.from(cells, (v, i) => this.number(v, i, input.name)),
                [n, 1],
              );
      });
    }
    const out = await this.session.run(feeds);
    const columns = this.columns(out, n);
    return { contentType: acceptType, body: formatPredictions(acceptType, columns, n), rows: n };
  }

  /** A numeric input tensor: float32, or float64 where the model takes doubles (Kelp's randomcutforest). */
  private numbers(type: string, values: Float64Array, dims: number[]): Tensor {
    return type === 'float64'
      ? new this.ort.Tensor('float64', values, dims)
      : new this.ort.Tensor('float32', Float32Array.from(values), dims);
  }

  private number(v: unknown, i: number, column: string): number {
    if (v === null || v === undefined || v === '') return Number.NaN;
    const x = typeof v === 'number' ? v : Number(v);
    if (!Number.isFinite(x))
      throw invalidArgument(`row ${i + 1}, column '${column}': ${JSON.stringify(v)} is not a number`, {
        row: i + 1,
        column,
      });
    return x;
  }

  private columns(out: InferenceSession.ReturnType, n: number): OutputColumn[] {
    if (this.sig.probabilities) {
      const p = out[this.sig.probabilities]!;
      const k = p.dims.length > 1 ? Number(p.dims[1]) : 1;
      const probs = Float64Array.from(p.data as Float32Array);
      const names = Array.from({ length: k }, (_, c) => this.classes[c] ?? String(c));
      const labelData = this.sig.label ? (out[this.sig.label]!.data as ArrayLike<unknown>) : undefined;
      const labels = Array.from({ length: n }, (_, i) => {
        if (labelData) {
          const l = labelData[i];
          return typeof l === 'string' ? l : (names[Number(l)] ?? String(l));
        }
        let best = 0;
        for (let c = 1; c < k; c++) if (probs[i * k + c]! > probs[i * k + best]!) best = c;
        return names[best]!;
      });
      return [
        { name: 'predicted_label', values: labels },
        ...names.map((name, c) => ({
          name: `probability_${name}`,
          values: Float64Array.from({ length: n }, (_, i) => probs[i * k + c]!),
        })),
      ];
    }
    const first = this.sig.outputs[0]!.name;
    const t = out[first]!;
    const width = t.dims.length > 1 ? Number(t.dims[1]) : 1;
    const data = t.data as ArrayLike<number>;
    // An anomaly detector's `score` (Kelp's randomcutforest export) keeps its name, as Kelp answers.
    if (width === 1)
      return [
        {
          name: first === 'score' ? 'score' : 'prediction',
          values: Float64Array.from({ length: n }, (_, i) => Number(data[i])),
        },
      ];
    return Array.from({ length: width }, (_, j) => ({
      name: `output_${j}`,
      values: Float64Array.from({ length: n }, (_, i) => Number(data[i * width + j])),
    }));
  }
}
