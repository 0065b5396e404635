/** The tensor kinds an `aialgs.data.Value` can hold (its oneof). */
export type TensorType = 'float32' | 'float64' | 'int32' | 'bytes';

export const TENSOR_TYPES: readonly TensorType[] = ['float32', 'float64', 'int32', 'bytes'];

/**
 * One `aialgs.data.Value`. `values` is a `Float32Array`, `Float64Array` or `Int32Array` for the numeric
 * types and a list of byte strings for 'bytes'. A sparse row carries `keys` (column indices, uint64 on
 * the wire, here numbers up to 2^53 - 1) and `shape` (e.g. `[n_columns]`). On the wire an empty
 * `keys` or `shape` is the same as an absent one: decoding leaves them undefined. Decoded typed
 * arrays may be views into a shared slab, as Node's Buffers are: mind `byteOffset` before using
 * `.buffer`.
 */
export interface Tensor {
  type: TensorType;
  values: Float32Array | Float64Array | Int32Array | Uint8Array[];
  keys?: number[];
  shape?: number[];
  /** 'bytes' only, e.g. 'application/x-image'. */
  contentType?: string;
}

/**
 * One `aialgs.data.Record`. The string fields are proto2 optionals: undefined means absent, '' is
 * written as an empty string.
 */
export interface RecordIORecord {
  features: Record<string, Tensor>;
  label?: Record<string, Tensor>;
  uid?: string;
  metadata?: string;
  configuration?: string;
}

export interface ReadRecordIOOptions {
  /** The file name errors start with. */
  path?: string;
}

export interface RecordIOWriterOptions {
  /** Bytes batched before each call to the sink (default 1 MiB); a larger record goes out alone. */
  bufferSize?: number;
}
