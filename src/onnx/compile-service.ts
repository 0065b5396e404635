import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

import type { Catalog } from '../catalog/index.js';
import type { CompileBody } from '../contract/index.js';
import { invalidArgument, PlatformError } from '../core/index.js';
import { withDuckDB } from '../engine/index.js';
import type { InlineJobKind, JobService } from '../jobs/index.js';
import type { ObjectStore } from '../storage/index.js';
import {
  loadFrame,
  loadSparseRows,
  localModelArtifact,
  type ModelService,
  readModelArtifact,
  resolveDataSource,
} from '../training/index.js';
import { ONNX_ALGORITHMS } from './export-onnx.js';
import { exportVerifiedOnnx } from './verify-onnx.js';

export const COMPILE_KIND = 'compile';

/** Rows of the model's training data the export is checked on. */
const VERIFY_ROWS = 1000;

export interface CompileDeps {
  readonly objects: ObjectStore;
  readonly models: ModelService;
  readonly catalog: Catalog;
  readonly jobs: () => JobService;
  readonly workDir: string;
  readonly cacheDir: string;
}

type CompileJobInput = CompileBody & { readonly project: string };

export interface CompileResult {
  /** Object key of model.onnx. */
  readonly key: string;
  readonly target: string;
  readonly bytes: number;
  /** Rows of the model's data compared, and the largest probability (or value) difference. */
  readonly verifiedRows: number;
  readonly maxAbsDiff: number;
}

/**
 * ONNX export as a job (SageMaker Neo's compilation job): the model and its preprocessing become
 * one ONNX graph, which is run in ONNX Runtime on up to 1,000 rows of the model's own data and must
 * agree with Kelp's predictions before `kelp-system/compiled/<project>/<model>/<target>/<job>/model.onnx`
 * is written.
 */
export class CompileService {
  constructor(private readonly deps: CompileDeps) {}

  async submit(project: string, body: CompileBody, principal: string) {
    const model = await this.deps.models.get(project, body.model);
    if (!ONNX_ALGORITHMS.includes(model.algorithm as (typeof ONNX_ALGORITHMS)[number]))
      throw invalidArgument(
        `${model.algorithm} models cannot be exported to ONNX yet (supported: ${ONNX_ALGORITHMS.join(', ')})`,
        { model: body.model },
      );
    return this.deps.jobs().submit({
      kind: COMPILE_KIND,
      project,
      name: `compile-${body.model}-${Date.now().toString(36)}`.slice(0, 63),
      input: { ...body, project } satisfies CompileJobInput,
      createdBy: principal,
    });
  }

  kind(): InlineJobKind<CompileJobInput, CompileResult> {
    return {
      kind: COMPILE_KIND,
      mode: 'inline',
      description: 'Exports a model with its preprocessing to ONNX and checks it in ONNX Runtime',
      run: async (ctx) => {
        const input = ctx.input;
        const target = input.target ?? 'onnx';
        const model = await this.deps.models.get(input.project, input.model);
        const work = join(this.deps.workDir, ctx.job.id);
        await mkdir(work, { recursive: true });
        try {
          const { artifactPath } = await localModelArtifact(this.deps, input.project, input.model);
          const artifact = await readModelArtifact(artifactPath);
          ctx.status('Reading verification rows');
          const paths = await resolveDataSource(model.dataSource, join(work, 'data'), {
            catalog: this.deps.catalog,
            objects: this.deps.objects,
            project: input.project,
            cacheDir: this.deps.cacheDir,
            signal: ctx.signal,
          }).catch((err: Error) => {
            throw invalidArgument(
              `cannot read the model's data (${model.dataSource}) to verify the export: ${err.message}`,
            );
          });
          const width = artifact.preprocessor.sparseWidth;
          const rows = await withDuckDB(async (con) =>
            width !== undefined
              ? loadSparseRows(con, paths, width, { limit: VERIFY_ROWS })
              : (await loadFrame(con, paths, { limit: VERIFY_ROWS })).frame,
          );
          ctx.status('Exporting and verifying');
          const { model: bytes, verification } = await exportVerifiedOnnx(artifact, rows, { target });
          const key = `kelp-system/compiled/${input.project}/${input.model}/${target}/${ctx.job.id}/model.onnx`;
          await this.deps.objects.put(key, bytes, { contentType: 'application/octet-stream' });
          ctx.log(
            `${target}: ${bytes.length} bytes; ONNX Runtime agrees with Kelp on ${verification.rows} rows (largest difference ${verification.maxAbsDiff.toExponential(2)})`,
          );
          return {
            key,
            target,
            bytes: bytes.length,
            verifiedRows: verification.rows,
            maxAbsDiff: verification.maxAbsDiff,
          };
        } catch (err) {
          throw err instanceof PlatformError ? err : new PlatformError('internal', (err as Error).message);
        } finally {
          await rm(work, { recursive: true, force: true });
        }
      },
    };
  }
}
