import { invalidArgument } from '../core/index.js';
import {
  type AttributeProto,
  attr,
  type Dim,
  ELEM_TYPE,
  type ElemType,
  type NodeProto,
  onnx,
  type TensorProto,
  tensor,
  type ValueInfoProto,
  valueInfo,
} from './onnx-proto.js';

/** ONNX IR 8 with ai.onnx 17 and ai.onnx.ml 3: what ONNX 1.12 writes; ONNX Runtime ≥ 1.12 reads it. */
export const IR_VERSION = 8;
export const OPSET = 17;
export const ML_OPSET = 3;
export const ML_DOMAIN = 'ai.onnx.ml';

/**
 * Collects one ONNX graph: inputs, constants (initializers), nodes and outputs. Intermediate names
 * are generated and never collide with the inputs (declared first) or the outputs.
 */
export class GraphBuilder {
  private readonly nodes: NodeProto[] = [];
  private readonly initializers: TensorProto[] = [];
  private readonly inputs: ValueInfoProto[] = [];
  private readonly outputs: ValueInfoProto[] = [];
  private readonly names = new Set<string>();
  private count = 0;

  constructor(reserved: readonly string[] = []) {
    for (const r of reserved) this.names.add(r);
  }

  /** A graph input; its name must be unique (input names are the raw column names). */
  input(name: string, type: ElemType, dims: readonly Dim[]): string {
    if (this.names.has(name))
      throw invalidArgument(`onnx: column '${name}' clashes with a name the exported model uses`, {
        column: name,
      });
    this.names.add(name);
    this.inputs.push(valueInfo(name, type, dims));
    return name;
  }

  /** A constant tensor; returns its name. */
  constant(
    hint: string,
    type: ElemType,
    dims: readonly number[],
    values: ArrayLike<number> | string[],
  ): string {
    const name = this.fresh(hint);
    this.initializers.push(tensor(name, type, dims, values));
    return name;
  }

  /** A node with one output; returns the output's name. */
  op(opType: string, inputs: readonly string[], attributes: AttributeProto[] = [], domain = ''): string {
    const output = this.fresh(opType);
    this.nodes.push({ opType, domain, input: [...inputs], output: [output], attribute: attributes });
    return output;
  }

  /** A node with several outputs (e.g. TopK's values and indices). */
  ops(opType: string, inputs: readonly string[], count: number, attributes: AttributeProto[] = []): string[] {
    const outputs = Array.from({ length: count }, () => this.fresh(opType));
    this.nodes.push({ opType, domain: '', input: [...inputs], output: outputs, attribute: attributes });
    return outputs;
  }

  /** Cast to another element type. */
  cast(input: string, to: ElemType): string {
    return this.op('Cast', [input], [attr.int('to', ELEM_TYPE[to])]);
  }

  /** A graph output `name` holding `from`. */
  output(name: string, from: string, type: ElemType, dims: readonly Dim[]): void {
    this.nodes.push({ opType: 'Identity', domain: '', input: [from], output: [name] });
    this.outputs.push(valueInfo(name, type, dims));
  }

  /** The serialized ModelProto. */
  encode(docString: string): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: IR_VERSION,
      producerName: 'kelp',
      producerVersion: '1',
      docString,
      opsetImport: [
        { domain: '', version: OPSET },
        { domain: ML_DOMAIN, version: ML_OPSET },
      ],
      graph: {
        name: 'kelp',
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
      },
    });
    return onnx.ModelProto.encode(model).finish();
  }

  private fresh(hint: string): string {
    let name: string;
    do name = `${hint}_${this.count++}`;
    while (this.names.has(name));
    this.names.add(name);
    return name;
  }
}
