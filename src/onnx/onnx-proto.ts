/**
 * Typed helpers over the protobufjs-generated ONNX schema (`onnx-proto`): tensors, attributes and
 * value infos. Every message is built and encoded by the schema; nothing is hand-encoded.
 */
import onnxProto from 'onnx-proto';

export const { onnx } = onnxProto;
export type Onnx = typeof onnx;
export type TensorProto = onnxProto.onnx.ITensorProto;
export type AttributeProto = onnxProto.onnx.IAttributeProto;
export type NodeProto = onnxProto.onnx.INodeProto;
export type ValueInfoProto = onnxProto.onnx.IValueInfoProto;

/** Element types the exporter uses. */
export type ElemType = 'float' | 'double' | 'int64' | 'string' | 'bool';

const DataType = onnx.TensorProto.DataType;
export const ELEM_TYPE: Readonly<Record<ElemType, number>> = {
  float: DataType.FLOAT,
  double: DataType.DOUBLE,
  int64: DataType.INT64,
  string: DataType.STRING,
  bool: DataType.BOOL,
};

/** A dimension: a fixed size, or a symbolic name such as 'N' for the batch. */
export type Dim = number | string;

export function valueInfo(name: string, type: ElemType, dims: readonly Dim[]): ValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: ELEM_TYPE[type],
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

const bytes = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
const utf8 = new TextEncoder();

/**
 * A constant tensor. Numbers go in raw_data (little-endian, as ONNX requires and x86/ARM are); −0
 * becomes 0 (the same in every comparison and sum), so a model read back from JSON exports the
 * same bytes.
 */
export function tensor(
  name: string,
  type: ElemType,
  dims: readonly number[],
  values: ArrayLike<number> | readonly string[],
): TensorProto {
  const t: TensorProto = { name, dataType: ELEM_TYPE[type], dims: [...dims] };
  const n = dims.reduce((a, b) => a * b, 1);
  if (values.length !== n)
    throw new RangeError(`tensor ${name}: ${values.length} values for shape [${dims}]`);
  if (type === 'string') t.stringData = Array.from(values as readonly string[], (s) => utf8.encode(s));
  else if (type === 'float') t.rawData = bytes(Float32Array.from(values as ArrayLike<number>, (v) => v + 0));
  else if (type === 'double') t.rawData = bytes(Float64Array.from(values as ArrayLike<number>, (v) => v + 0));
  else if (type === 'int64')
    t.rawData = bytes(BigInt64Array.from(Array.from(values as ArrayLike<number>, (v) => BigInt(v))));
  else t.rawData = Uint8Array.from(values as ArrayLike<number>, (v) => (v ? 1 : 0));
  return t;
}

const A = onnx.AttributeProto.AttributeType;

/** Attribute builders, one per attribute type. */
export const attr = {
  int: (name: string, i: number): AttributeProto => ({ name, type: A.INT, i }),
  float: (name: string, f: number): AttributeProto => ({ name, type: A.FLOAT, f }),
  string: (name: string, s: string): AttributeProto => ({ name, type: A.STRING, s: utf8.encode(s) }),
  ints: (name: string, ints: ArrayLike<number>): AttributeProto => ({
    name,
    type: A.INTS,
    ints: Array.from(ints),
  }),
  floats: (name: string, floats: ArrayLike<number>): AttributeProto => ({
    name,
    type: A.FLOATS,
    floats: Array.from(floats),
  }),
  strings: (name: string, strings: readonly string[]): AttributeProto => ({
    name,
    type: A.STRINGS,
    strings: strings.map((s) => utf8.encode(s)),
  }),
  tensor: (name: string, t: TensorProto): AttributeProto => ({ name, type: A.TENSOR, t }),
};
