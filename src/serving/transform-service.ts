import { mkdir, open, rm, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';

import { type Catalog, type LakeFile, localCopy } from '../catalog/index.js';
import type { TransformBody } from '../contract/index.js';
import { invalidArgument, type Logger, randomSuffix } from '../core/index.js';
import { sqlString, withDuckDB } from '../engine/index.js';
import type { InlineJobKind, JobService } from '../jobs/index.js';
import type { ObjectStore } from '../storage/index.js';
import { listSourceFiles, localModelArtifact, type ModelService } from '../training/index.js';
import { transformFile } from './batch-transform.js';
import { invocationType, responseType } from './codecs.js';
import { parseJsonPath } from './json-path.js';
import { VariantHost } from './variant-host.js';

export const TRANSFORM_KIND = 'transform';

export interface TransformDeps {
  readonly objects: ObjectStore;
  readonly catalog: Catalog;
  readonly models: ModelService;
  readonly jobs: () => JobService;
  readonly logger: Logger;
  readonly workDir: string;
  readonly cacheDir: string;
}

type TransformJobInput = TransformBody & { readonly project: string };

export interface TransformResult {
  readonly objects: number;
  readonly records: number;
  readonly output: string;
  readonly recordsPerSecond: number;
}

/** Checks what can be checked before the job starts (the model exists too). */
function validate(body: TransformBody): void {
  if (body.inputFilter) parseJsonPath(body.inputFilter, 'inputFilter');
  if (body.outputFilter) parseJsonPath(body.outputFilter, 'outputFilter');
  if (body.splitType === 'RecordIO' && (body.inputFilter || body.outputFilter || body.joinSource === 'Input'))
    throw invalidArgument('filters and JoinSource Input need text records; RecordIO records are binary', {
      field: 'splitType',
    });
  // The output side needs text results (JSON or CSV) to pick from and join into.
  if (body.accept === 'application/x-recordio-protobuf') {
    const field = body.outputFilter ? 'outputFilter' : body.joinSource === 'Input' ? 'joinSource' : undefined;
    if (field)
      throw invalidArgument(
        `${field === 'outputFilter' ? 'outputFilter' : 'joinSource Input'} needs text results (JSON or CSV); with accept application/x-recordio-protobuf the results are binary records`,
        { field },
      );
  }
}

/**
 * Batch transform (SageMaker's CreateTransformJob): every object under the input is split into
 * records, sent in batches to the model's worker threads, and the results are assembled into one
 * `<output>/<object path>.out` per input object, in record order.
 */
/** Input objects scored at the same time (sharing the model workers). */
const OBJECTS_AT_ONCE = 2;

export class TransformService {
  constructor(private readonly deps: TransformDeps) {}

  async submit(project: string, body: TransformBody, principal: string) {
    await this.deps.models.get(project, body.model);
    validate(body);
    return this.deps.jobs().submit({
      kind: TRANSFORM_KIND,
      project,
      name: body.name ?? `transform-${body.model}-${randomSuffix(6)}`.slice(0, 63),
      input: { ...body, project } satisfies TransformJobInput,
      createdBy: principal,
    });
  }

  kind(): InlineJobKind<TransformJobInput, TransformResult> {
    return {
      kind: TRANSFORM_KIND,
      mode: 'inline',
      description:
        'Scores every object under an input with a model into <output>/<name>.out (batch transform)',
      run: async (ctx) => {
        const input = ctx.input;
        const work = join(this.deps.workDir, ctx.job.id);
        await mkdir(work, { recursive: true });
        const { artifactPath: artifact, classes } = await localModelArtifact(
          this.deps,
          input.project,
          input.model,
        );
        // A catalog table is read through the query engine into JSON lines: the model picks its
        // columns by name (the target and other extra columns are ignored), and joins keep them all.
        const table = await this.tableInput(input.project, input.input, join(work, 'table'), ctx.signal);
        const files = table ? [table] : await this.inputFiles(input.input, ctx.signal);
        const workers = input.workers ?? availableParallelism();
        const host = new VariantHost(
          'transform',
          input.model,
          artifact,
          workers,
          this.deps.logger,
          1,
          classes,
        );
        const started = performance.now();
        let records = 0;
        try {
          ctx.status('Starting model workers');
          await host.start();
          const recordIO = input.splitType === 'RecordIO';
          const contentType = table
            ? 'application/jsonlines'
            : recordIO
              ? 'application/x-recordio-protobuf'
              : invocationType(input.contentType ?? 'text/csv');
          const options = {
            contentType,
            // RecordIO records are answered as JSON lines unless Accept says otherwise.
            accept: input.accept
              ? responseType(input.accept, contentType)
              : recordIO
                ? 'application/jsonlines'
                : contentType,
            splitType: input.splitType ?? 'Line',
            batchStrategy: input.batchStrategy ?? 'MultiRecord',
            maxPayloadBytes: Math.floor((input.maxPayloadMB ?? 6) * 1024 * 1024),
            assembleWith: input.assembleWith ?? 'Line',
            ...(input.inputFilter ? { inputFilter: parseJsonPath(input.inputFilter, 'inputFilter') } : {}),
            ...(input.outputFilter
              ? { outputFilter: parseJsonPath(input.outputFilter, 'outputFilter') }
              : {}),
            joinInput: input.joinSource === 'Input',
            inFlight: 2 * workers,
          } as const;
          const prefix = input.output.replace(/\/+$/, '');
          // Two objects at a time share the workers: while one object's last batches finish (and
          // its .out uploads), the other's keep the workers busy. A failure stops the other.
          const failed = new AbortController();
          const signal = AbortSignal.any([ctx.signal, failed.signal]);
          let next = 0;
          let scored = 0;
          const scoreObject = async (i: number, file: LakeFile) => {
            ctx.status(`Scoring ${file.rel}`);
            const path = await localCopy(file, this.deps.objects, join(work, 'in'));
            const outPath = join(work, `out-${i}`);
            const out = await open(outPath, 'w');
            try {
              // Awaited first, then added: `records += await …` would read `records` before the
              // wait and drop the other object's count.
              const scoredRecords = await transformFile(path, out, host, options, signal).catch(
                (err: Error) => {
                  throw invalidArgument(`${file.rel}: ${err.message}`, { object: file.rel });
                },
              );
              records += scoredRecords;
            } finally {
              await out.close();
            }
            await this.deps.objects.put(
              `${prefix}/${file.rel}.out`,
              (await open(outPath)).createReadStream(),
            );
            ctx.progress(Math.round((++scored / files.length) * 100));
          };
          const lane = async () => {
            while (next < files.length && !signal.aborted) {
              const i = next++;
              await scoreObject(i, files[i]!).catch((err: unknown) => {
                failed.abort();
                throw err;
              });
            }
          };
          await Promise.all(Array.from({ length: Math.min(OBJECTS_AT_ONCE, files.length) }, lane));
          signal.throwIfAborted();
        } finally {
          await host.stop(0);
          await rm(work, { recursive: true, force: true });
        }
        const seconds = (performance.now() - started) / 1000;
        const recordsPerSecond = Math.round(records / Math.max(seconds, 1e-6));
        ctx.log(
          `${records} records from ${files.length} object(s) in ${seconds.toFixed(2)} s (${recordsPerSecond} records/s)`,
        );
        ctx.metric('records_per_second', recordsPerSecond);
        return { objects: files.length, records, output: input.output, recordsPerSecond };
      },
    };
  }

  /** A catalog table (`database.table`) as one JSON-lines file named after it, or undefined. */
  private async tableInput(project: string, source: string, dir: string, signal: AbortSignal) {
    const m = /^([a-z0-9_]+)\.([a-z0-9_]+)$/.exec(source);
    if (!m || !(await this.deps.catalog.store.findTable(project, m[1]!, m[2]!))) return undefined;
    await mkdir(dir, { recursive: true });
    const parquet = await this.deps.catalog.queries.materialize(
      project,
      `SELECT * FROM "${m[1]}"."${m[2]}"`,
      m[1]!,
      dir,
      signal,
    );
    const path = join(dir, `${source}.jsonl`);
    await withDuckDB((con) =>
      con.run(`COPY (SELECT * FROM read_parquet(${sqlString(parquet)})) TO ${sqlString(path)} (FORMAT JSON)`),
    );
    const info = await stat(path);
    return { rel: source, localPath: path, size: info.size, mtimeMs: info.mtimeMs };
  }

  /** The objects (or local files) under the input, markers left out; an exact key is one object. */
  private async inputFiles(source: string, signal: AbortSignal): Promise<LakeFile[]> {
    const files = await listSourceFiles(source, this.deps.objects, signal);
    if (files.length === 0) throw invalidArgument(`${source}: no objects to transform`, { input: source });
    return files;
  }
}
