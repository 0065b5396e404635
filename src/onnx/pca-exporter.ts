import { invalidArgument } from '../core/index.js';
import { checkFeatureCount, type ModelExporter, stateOf } from './model-exporter.js';
import { OUTPUTS } from './output-heads.js';

interface PcaModel {
  readonly mean: ArrayLike<number>;
  /** k × d, one component per row. */
  readonly components: { readonly rows: number; readonly cols: number; readonly data: ArrayLike<number> };
}

/** (x − mean)·componentsᵀ in double, as `projection` (float [N, k]): Kelp's projection_i columns. */
export const pcaExporter: ModelExporter = {
  algorithm: 'pca',
  fill: 'double',
  build(g, artifact, features) {
    const { mean, components: m } = stateOf<PcaModel>(artifact);
    if (!m || m.data.length !== m.rows * m.cols || mean?.length !== m.cols)
      throw invalidArgument('onnx: pca model has no valid components');
    checkFeatureCount(artifact, m.cols);
    const t = new Float64Array(m.cols * m.rows);
    for (let a = 0; a < m.rows; a++)
      for (let j = 0; j < m.cols; j++) t[j * m.rows + a] = m.data[a * m.cols + j]!;
    const centred = g.op('Sub', [features, g.constant('mean', 'double', [m.cols], mean)]);
    const projection = g.op('MatMul', [centred, g.constant('components', 'double', [m.cols, m.rows], t)]);
    g.output(OUTPUTS.projection, g.cast(projection, 'float'), 'float', ['N', m.rows]);
  },
};
