import { invalidArgument } from '../core/index.js';
import {
  type Algorithm,
  type Features,
  getAlgorithm,
  type HyperparameterValues,
  toSparse,
  transformFeatures,
} from '../ml/index.js';
import { type ModelArtifact, predictionColumns } from '../training/index.js';
import {
  formatPredictions,
  type InvocationType,
  invocationType,
  parseRows,
  rowsToDense,
  rowsToFrame,
} from './codecs.js';
import { csvToFrame } from './csv-frame.js';

export interface InvocationResult {
  readonly contentType: InvocationType;
  readonly body: string;
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

  invoke(contentType: string | undefined, accept: string | undefined, body: string): InvocationResult {
    const type = invocationType(contentType);
    const acceptType =
      accept && accept !== '*/*' && !accept.startsWith('*/') ? invocationType(accept, 'Accept') : type;
    const pre = this.artifact.preprocessor;
    let x: Features;
    if (pre.sparseWidth !== undefined) {
      const rows = parseRows(type, body);
      x = toSparse({ rows: rows.length, cols: pre.sparseWidth, data: rowsToDense(pre.sparseWidth, rows) });
    } else {
      // CSV without quotes goes straight into columns; everything else through parsed rows.
      const frame =
        (type === 'text/csv' ? csvToFrame(pre, body) : undefined) ?? rowsToFrame(pre, parseRows(type, body));
      x = transformFeatures(pre, frame);
    }
    if (x.rows === 0) throw invalidArgument('the request holds no rows');
    const predictions = this.algorithm.predict(this.artifact.state, x);
    const columns = predictionColumns(this.artifact, predictions);
    return { contentType: acceptType, body: formatPredictions(acceptType, columns, x.rows), rows: x.rows };
  }
}
