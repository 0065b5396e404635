// Batch transform over HTTP: one .out per input object in record order, the same answers as a
// prediction job, SingleRecord and MultiRecord alike, SageMaker's input/output filters and join,
// JSON lines, RecordIO results, and a bad record failing the job with its object named.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { KelpApiError, KelpClient } from '../../src/client/index.js';
import type { TransformBody } from '../../src/contract/index.js';
import { recordio } from '../../src/engine/index.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const PENGUINS = fileURLToPath(new URL('../fixtures/ml/penguins.csv', import.meta.url));
const FEATURES = [
  'island',
  'bill_length_mm',
  'bill_depth_mm',
  'flipper_length_mm',
  'body_mass_g',
  'sex',
  'year',
];

let server: TestServer;
let client: KelpClient;
/** Feature rows of penguins.csv (species dropped), header-less, as batch transform takes CSV. */
let rows: string[];

const text = async (key: string) => new Response((await client.objects.get(key)).body).text();

async function transform(body: Omit<TransformBody, 'model'>) {
  const job = await client.transforms.start({ model: 'penguins', ...body });
  const done = await client.jobs.wait(job.name);
  assert.equal(done.state, 'Completed', done.failureReason ?? '');
  return done;
}

before(async () => {
  server = await startTestServer();
  client = new KelpClient({ url: server.url });
  const csv = await readFile(PENGUINS, 'utf8');
  await client.objects.put('data/penguins/penguins.csv', csv);
  rows = csv
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(',').slice(1).join(','));
  const { job } = await client.models.train({
    algorithm: 'xgboost',
    data: 'store://data/penguins/',
    target: 'species',
    hyperparameters: { objective: 'multi:softprob', num_round: 10 },
    name: 'penguins',
  });
  assert.equal((await client.jobs.wait(job.name)).state, 'Completed');
  await client.objects.put('batch/in/a.csv', `${rows.slice(0, 200).join('\n')}\n`);
  await client.objects.put('batch/in/more/b.csv', `${rows.slice(200).join('\n')}\n`);
});
after(async () => {
  await server.stop();
});

describe('batch transform', () => {
  it('writes one .out per input object, in record order, equal to a prediction job', async () => {
    const done = await transform({ input: 'store://batch/in/', output: 'batch/out/', maxPayloadMB: 0.001 });
    // Both objects (scored at the same time) are counted.
    assert.deepEqual(done.result, {
      objects: 2,
      records: rows.length,
      output: 'batch/out/',
      recordsPerSecond: (done.result as { recordsPerSecond: number }).recordsPerSecond,
    });
    const a = (await text('batch/out/a.csv.out')).trim().split('\n');
    const b = (await text('batch/out/more/b.csv.out')).trim().split('\n');
    assert.equal(a.length, 200);
    assert.equal(b.length, rows.length - 200);

    const job = await client.models.predict('penguins', {
      data: 'store://data/penguins/',
      output: 'pred/p.csv',
    });
    await client.jobs.wait(job.name);
    const expected = (await text('pred/p.csv')).trim().split('\n').slice(1);
    [...a, ...b].forEach((line, i) => {
      const got = line.split(',');
      const want = expected[i]!.split(',');
      assert.equal(got[0], want[0], `row ${i + 1}`);
      got.slice(1).forEach((p, k) => {
        assert.ok(Math.abs(Number(p) - Number(want[k + 1])) < 1e-12);
      });
    });

    await transform({ input: 'batch/in/a.csv', output: 'batch/single/', batchStrategy: 'SingleRecord' });
    assert.equal(await text('batch/single/a.csv.out'), `${a.join('\n')}\n`);
  });

  it('applies the input filter, joins the input and applies the output filter', async () => {
    // An id column the model must not see: dropped by $[1:], kept through the join, picked by $[0,-4].
    await client.objects.put(
      'batch/ids/x.csv',
      `${rows
        .slice(0, 5)
        .map((r, i) => `id${i},${r}`)
        .join('\n')}\n`,
    );
    await transform({
      input: 'batch/ids/',
      output: 'batch/joined/',
      inputFilter: '$[1:]',
      joinSource: 'Input',
      outputFilter: '$[0,-4]',
    });
    const lines = (await text('batch/joined/x.csv.out')).trim().split('\n');
    assert.deepEqual(
      lines.map((l) => l.split(',')[0]),
      ['id0', 'id1', 'id2', 'id3', 'id4'],
    );
    assert.ok(
      lines.every((l) => /^id\d,(Adelie|Chinstrap|Gentoo)$/.test(l)),
      lines.join(' | '),
    );
  });

  it('transforms JSON lines and joins each object with a SageMakerOutput key', async () => {
    const objects = rows.slice(0, 3).map((r) => {
      const v = r.split(',');
      return JSON.stringify(
        Object.fromEntries(FEATURES.map((f, i) => [f, i === 0 || i === 5 ? v[i] : Number(v[i])])),
      );
    });
    await client.objects.put('batch/json/in.jsonl', `${objects.join('\n')}\n`);
    await transform({
      input: 'batch/json/',
      output: 'batch/json-out/',
      contentType: 'application/jsonlines',
      joinSource: 'Input',
    });
    const out = (await text('batch/json-out/in.jsonl.out'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.equal(out.length, 3);
    assert.equal(out[0].island, 'Torgersen');
    assert.equal(out[0].SageMakerOutput.predicted_label, 'Adelie');
  });

  it('cuts blocks of raw bytes at line ends: CRLF, blank lines, multi-byte characters and no final newline', async () => {
    const objects = rows.slice(0, 40).map((r, k) => {
      const v = r.split(',');
      // Unseen islands with two-, three- and four-byte characters, so block cuts fall near them.
      const island = ['Biscoé', 'Dream ✓', 'Torgersen 🐧'][k % 3];
      return JSON.stringify(
        Object.fromEntries(FEATURES.map((f, i) => [f, i === 0 ? island : i === 5 ? v[i] : Number(v[i])])),
      );
    });
    const body = objects
      .map((o, k) => (k % 7 === 3 ? `${o}\r\n\r\n` : `${o}\n`))
      .join('')
      .trimEnd();
    await client.objects.put('batch/bytes/in.jsonl', body);
    const results: string[][] = [];
    for (const batchStrategy of ['MultiRecord', 'SingleRecord'] as const) {
      await transform({
        input: 'batch/bytes/',
        output: `batch/bytes-${batchStrategy}/`,
        contentType: 'application/jsonlines',
        batchStrategy,
        maxPayloadMB: 0.0004, // ~420 bytes: a block holds one to three records
      });
      results.push((await text(`batch/bytes-${batchStrategy}/in.jsonl.out`)).trim().split('\n'));
    }
    assert.equal(results[0]!.length, 40);
    assert.deepEqual(results[0], results[1]);
  });

  it('writes RecordIO results as concatenated records equal to JSON lines, and refuses output filters and joins with them', async () => {
    const accept = 'application/x-recordio-protobuf';
    const bytes = async (key: string) =>
      new Uint8Array(await new Response((await client.objects.get(key)).body).arrayBuffer());
    // Small batches: many answers, concatenated in record order (AssembleWith Line adds no line ends).
    await transform({ input: 'batch/in/a.csv', output: 'batch/rec/', accept, maxPayloadMB: 0.001 });
    await transform({ input: 'batch/in/a.csv', output: 'batch/rec-json/', accept: 'application/jsonlines' });
    const multi = await bytes('batch/rec/a.csv.out');
    const records = recordio.decodeRecordIO(multi, 'a.csv.out');
    const expected = (await text('batch/rec-json/a.csv.out'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, string | number>);
    assert.equal(records.length, 200);
    records.forEach((r, i) => {
      const e = expected[i]!;
      assert.deepEqual(Object.keys(r.label!), Object.keys(e));
      assert.equal(
        new TextDecoder().decode((r.label!.predicted_label!.values as Uint8Array[])[0]),
        e.predicted_label,
      );
      for (const [name, t] of Object.entries(r.label!))
        if (name !== 'predicted_label') assert.equal(t.values[0], Math.fround(e[name] as number), name);
    });
    // One record per request, assembled with None: the same bytes.
    await transform({
      input: 'batch/in/a.csv',
      output: 'batch/rec-single/',
      accept,
      batchStrategy: 'SingleRecord',
      assembleWith: 'None',
    });
    assert.deepEqual(await bytes('batch/rec-single/a.csv.out'), multi);

    for (const [extra, field] of [
      [{ joinSource: 'Input' }, 'joinSource'],
      [{ outputFilter: '$[0]' }, 'outputFilter'],
    ] as const)
      await assert.rejects(
        client.transforms.start({ model: 'penguins', input: 'batch/in/', output: 'x/', accept, ...extra }),
        (err: unknown) => {
          assert.ok(err instanceof KelpApiError);
          assert.equal(err.status, 400);
          assert.equal(err.details.field, field);
          assert.match(
            err.message,
            /needs text results \(JSON or CSV\); with accept application\/x-recordio-protobuf/,
          );
          return true;
        },
      );
  });

  it('transforms a catalog table, the model picking its columns by name', async () => {
    const { job } = await client.crawlers.upsert({ name: 'lake', source: 'store://data/', database: 'lake' });
    assert.equal((await client.jobs.wait(job!.name)).state, 'Completed');
    await transform({ input: 'lake.penguins', output: 'batch/table/', joinSource: 'Input' });
    const out = (await text('batch/table/lake.penguins.out'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.equal(out.length, rows.length);
    // The table still has the target: joined in, and the predictions mostly agree with it.
    const right = out.filter((r) => r.species === r.SageMakerOutput.predicted_label).length;
    assert.ok(right / out.length > 0.95, `${right} of ${out.length}`);
  });

  it('fails with the object and row named when a record is bad, and refuses a bad filter at once', async () => {
    await client.objects.put('batch/bad/c.csv', `${rows.slice(0, 150).join('\n')}\nBiscoe,46.1\n`);
    // Small batches: the record number counts from the start of the object, not of the batch.
    const job = await client.transforms.start({
      model: 'penguins',
      input: 'batch/bad/',
      output: 'batch/bad-out/',
      maxPayloadMB: 0.001,
    });
    const done = await client.jobs.wait(job.name);
    assert.equal(done.state, 'Failed');
    assert.match(done.failureReason ?? '', /c\.csv: record 151: 2 values, the model takes 7/);
    await assert.rejects(
      client.transforms.start({
        model: 'penguins',
        input: 'batch/in/',
        output: 'x/',
        inputFilter: '$..deep',
      }),
      /inputFilter '\$\.\.deep'/,
    );
  });
});
