import { invalidArgument } from '../core/index.js';
import {
  type Algorithm,
  type Features,
  getAlgorithm,
  type HyperparameterValues,
  toSparse,
  transformFeatures,
} from '../ml/index.js';
import { type ModelArtifact, predictionColumns } from '../training/artifact/index.js';
import {
  formatPredictions,
  invocationType,
  parseRows,
  type ResponseType,
  recordRows,
  responseType,
  rowsToDense,
  rowsToFrame,
} from './codecs.js';
import { csvToFrame } from './csv-frame.js';

const utf8 = new TextDecoder();

export interface InvocationResult {
  readonly contentType: ResponseType;
  /** Bytes for application/x-recordio-protobuf (owning their whole buffer), text otherwise. */
  readonly body: string | Uint8Array;
  readonly rows: number;
}

/**
 * A loaded model answering invocations: parse the body, apply the stored preprocessing, predict, and
 * format the predictions (the same columns batch prediction writes). The response has the request's
 * content type unless Accept names another supported one.
 */
export class Predictor {
  private readonly algorithm: Algorithm<HyperparameterValues, unknown, Features>;

  constructor(private readonly artifact: ModelArtifact) {
    this.algorithm = getAlgorithm(artifact.algorithm);
  }

  invoke(
    contentType: string | undefined,
    accept: string | undefined,
    body: string | Uint8Array,
  ): InvocationResult {
    const type = invocationType(contentType);
    const acceptType = responseType(accept, type);
    const pre = this.artifact.preprocessor;
    const width = pre.sparseWidth ?? pre.features.length;
    // Text may come as UTF-8 bytes (batch transform sends blocks of a file undecoded).
    const text =
      typeof body === 'string' ? body : type === 'application/x-recordio-protobuf' ? '' : utf8.decode(body);
    const rows =
      type === 'application/x-recordio-protobuf'
        ? recordRows(typeof body === 'string' ? Buffer.from(body, 'latin1') : body, width)
        : undefined;
    let x: Features;
    if (pre.sparseWidth !== undefined) {
      const parsed = rows ?? parseRows(type, text);
      x = toSparse({ rows: parsed.length, cols: width, data: rowsToDense(width, parsed) });
    } else {
      // CSV without quotes goes straight into columns; everything else through parsed rows.
      const frame =
        (type === 'text/csv' ? csvToFrame(pre, text) : undefined) ??
        rowsToFrame(pre, rows ?? parseRows(type, text));
      x = transformFeatures(pre, frame);
    }
    if (x.rows === 0) throw invalidArgument('the request holds no rows');
    const predictions = this.algorithm.predict(this.artifact.state, x);
    const columns = predictionColumns(this.artifact, predictions);
    return { contentType: acceptType, body: formatPredictions(acceptType, columns, x.rows), rows: x.rows };
  }
}
