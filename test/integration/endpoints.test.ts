// Real-time endpoints over HTTP: configs with variants, warm start, invocations in every content
// type, RecordIO answers equal to the JSON ones, bad input answered with the row and column, traffic
// split and targeting, an update without downtime, and a model that an endpoint serves cannot be
// deleted.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

import { KelpApiError, KelpClient } from '../../src/client/index.js';
import { recordio } from '../../src/engine/index.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const PENGUINS = fileURLToPath(new URL('../fixtures/ml/penguins.csv', import.meta.url));
// Feature columns in training order (species, the target, left out).
const ROW = 'Torgersen,39.1,18.7,181,3750,male,2007';
const ROW2 = 'Biscoe,46.1,13.2,211,4500,female,2007';

let server: TestServer;
let client: KelpClient;

async function train(
  name: string,
  algorithm: string,
  hyperparameters: Record<string, string | number>,
  target = 'species',
) {
  const { job } = await client.models.train({
    algorithm,
    data: 'store://data/penguins/',
    target,
    hyperparameters,
    name,
  });
  await client.jobs.wait(job.name);
  assert.equal((await client.jobs.get(job.name)).state, 'Completed');
}

async function rejects(p: Promise<unknown>, status: number, message: RegExp): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof KelpApiError, String(err));
    assert.equal(err.status, status, err.message);
    assert.match(err.message, message);
    return true;
  });
}

before(async () => {
  server = await startTestServer();
  client = new KelpClient({ url: server.url });
  await client.objects.put('data/penguins/penguins.csv', await readFile(PENGUINS));
  await train('penguins-xgb', 'xgboost', { objective: 'multi:softprob', num_round: 10 });
  await train('penguins-ll', 'linear-learner', { predictor_type: 'multiclass_classifier' });
});
after(async () => {
  await server.stop();
});

describe('endpoints', () => {
  it('deploys a model and answers CSV, JSON and JSON lines like batch prediction does', async () => {
    await client.endpointConfigs.create({
      name: 'xgb-config',
      variants: [{ name: 'AllTraffic', model: 'penguins-xgb', initialWeight: 1, workers: 2 }],
    });
    const created = await client.endpoints.create({ name: 'penguins', config: 'xgb-config' });
    assert.equal(created.status, 'Creating');
    const ready = await client.endpoints.waitInService('penguins');
    assert.deepEqual(
      ready.variants.map((v) => [v.name, v.model, v.workers, v.readyWorkers]),
      [['AllTraffic', 'penguins-xgb', 2, 2]],
    );

    const csv = await client.endpoints.invoke('penguins', `${ROW}\n`, { contentType: 'text/csv' });
    assert.equal(csv.contentType, 'text/csv');
    assert.equal(csv.variant, 'AllTraffic');
    const [label, ...probabilities] = csv.body.trim().split(',');
    assert.equal(label, 'Adelie');
    assert.equal(probabilities.length, 3);

    // The same row through a batch prediction job gives the same probabilities.
    await client.objects.put(
      'score/one.csv',
      `island,bill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g,sex,year\n${ROW}\n`,
    );
    const job = await client.models.predict('penguins-xgb', { data: 'score/one.csv', output: 'out/one.csv' });
    await client.jobs.wait(job.name);
    const batch = (await new Response((await client.objects.get('out/one.csv')).body).text())
      .trim()
      .split('\n')[1]!;
    batch
      .split(',')
      .slice(1)
      .forEach((p, k) => {
        assert.ok(Math.abs(Number(p) - Number(probabilities[k])) < 1e-12, `${p} vs ${probabilities[k]}`);
      });

    const many = await client.endpoints.invoke('penguins', `${ROW}\n${ROW2}\n`, {
      contentType: 'text/csv',
      accept: 'application/json',
    });
    assert.match(many.contentType, /^application\/json(;|$)/);
    const predictions = (JSON.parse(many.body) as { predictions: Record<string, unknown>[] }).predictions;
    assert.deepEqual(
      predictions.map((p) => p.predicted_label),
      ['Adelie', 'Gentoo'],
    );
    assert.deepEqual(Object.keys(predictions[0]!), [
      'predicted_label',
      'probability_Adelie',
      'probability_Chinstrap',
      'probability_Gentoo',
    ]);

    const values = ROW.split(',').map((v, i) => (i === 0 || i === 5 ? v : Number(v)));
    const named = Object.fromEntries(
      ['island', 'bill_length_mm', 'bill_depth_mm', 'flipper_length_mm', 'body_mass_g', 'sex', 'year'].map(
        (c, i) => [c, values[i]],
      ),
    );
    const json = await client.endpoints.invoke(
      'penguins',
      JSON.stringify({ instances: [values, named, { features: values }] }),
      {
        contentType: 'application/json',
      },
    );
    const fromJson = (JSON.parse(json.body) as { predictions: Record<string, unknown>[] }).predictions;
    assert.equal(fromJson.length, 3);
    assert.deepEqual(fromJson[1], fromJson[0]);
    assert.deepEqual(fromJson[2], fromJson[0]);
    assert.equal(fromJson[0]!.predicted_label, 'Adelie');

    const lines = await client.endpoints.invoke(
      'penguins',
      `${JSON.stringify(values)}\n${JSON.stringify(named)}\n`,
      {
        contentType: 'application/jsonlines',
        accept: 'text/csv',
      },
    );
    assert.deepEqual(lines.body.trim().split('\n'), [csv.body.trim(), csv.body.trim()]);

    const custom = await client.endpoints.invoke('penguins', ROW, {
      contentType: 'text/csv',
      customAttributes: 'trace=1',
    });
    assert.equal(custom.customAttributes, 'trace=1');
  });

  it('answers bad input with the row and column, and unsupported types and large bodies with 415 and 413', async () => {
    const invoke = (body: string, contentType: string) =>
      client.endpoints.invoke('penguins', body, { contentType });
    await rejects(
      invoke(`${ROW}\nBiscoe,46.1,13.2\n`, 'text/csv'),
      400,
      /row 2: 3 values, the model takes 7/,
    );
    await rejects(
      invoke('Biscoe,46.1,thin,211,4500,female,2007', 'text/csv'),
      400,
      /row 1, column 'bill_depth_mm': "thin" is not a number/,
    );
    await rejects(invoke('{"instances": [1, 2', 'application/json'), 400, /not valid JSON/);
    await rejects(
      invoke(ROW, 'application/x-image'),
      415,
      /text\/csv, application\/json, application\/jsonlines/,
    );
    await rejects(
      client.endpoints.invoke('penguins', ROW, { contentType: 'text/csv', accept: 'image/png' }),
      415,
      /Accept 'image\/png' is not supported; responses are text\/csv, application\/json, application\/jsonlines, application\/x-recordio-protobuf/,
    );
    await rejects(invoke(`${ROW}\n`.repeat(200_000), 'text/csv'), 413, /larger than the limit/);
    await rejects(
      client.endpoints.invoke('nope', ROW, { contentType: 'text/csv' }),
      404,
      /no endpoint 'nope'/,
    );
    // The endpoint still serves after all that.
    assert.match((await invoke(ROW, 'text/csv')).body, /^Adelie,/);
  });

  it('splits traffic by weight, honours the target variant, and updates without downtime', async () => {
    await client.endpointConfigs.create({
      name: 'ab-config',
      variants: [
        { name: 'xgb', model: 'penguins-xgb', initialWeight: 1, workers: 1 },
        { name: 'linear', model: 'penguins-ll', initialWeight: 1, workers: 1 },
      ],
    });
    // Traffic keeps flowing while the endpoint switches to the two-variant config.
    let stop = false;
    let served = 0;
    const failures: string[] = [];
    const load = (async () => {
      while (!stop) {
        try {
          await client.endpoints.invoke('penguins', ROW, { contentType: 'text/csv' });
          served++;
        } catch (err) {
          failures.push((err as Error).message);
        }
      }
    })();
    const updating = await client.endpoints.update('penguins', 'ab-config');
    assert.equal(updating.status, 'Updating');
    const updated = await client.endpoints.waitInService('penguins');
    stop = true;
    await load;
    assert.deepEqual(failures, []);
    assert.ok(served > 0);
    assert.equal(updated.config, 'ab-config');
    assert.deepEqual(
      updated.variants.map((v) => v.name),
      ['xgb', 'linear'],
    );

    const counts: Record<string, number> = {};
    for (let i = 0; i < 200; i++) {
      const r = await client.endpoints.invoke('penguins', ROW, { contentType: 'text/csv' });
      counts[r.variant] = (counts[r.variant] ?? 0) + 1;
    }
    // Binomial(200, 0.5): outside 60..140 with probability below 1e-8.
    assert.ok((counts.xgb ?? 0) > 60 && (counts.linear ?? 0) > 60, JSON.stringify(counts));
    for (let i = 0; i < 5; i++) {
      const r = await client.endpoints.invoke('penguins', ROW, {
        contentType: 'text/csv',
        targetVariant: 'linear',
      });
      assert.equal(r.variant, 'linear');
    }
    await rejects(
      client.endpoints.invoke('penguins', ROW, { contentType: 'text/csv', targetVariant: 'blue' }),
      400,
      /no variant 'blue' \(variants: xgb, linear\)/,
    );
    const live = await client.endpoints.get('penguins');
    assert.ok(live.variants.every((v) => v.invocations > 0 && v.errors === 0));
    // Live traffic per variant in 5-second buckets, with latency percentiles.
    const metrics = await client.endpoints.metrics('penguins', 60);
    assert.equal(metrics.bucketSeconds, 5);
    assert.deepEqual(
      metrics.variants.map((v) => v.name),
      ['xgb', 'linear'],
    );
    for (const v of metrics.variants) {
      assert.equal(v.points.length, 12);
      const total = v.points.reduce((n, p) => n + p.invocations, 0);
      assert.ok(total >= 60, `${v.name}: ${total} invocations`);
      const busy = v.points.filter((p) => p.invocations > 0);
      assert.ok(busy.every((p) => p.p50! > 0 && p.p50! <= p.p95! && p.p95! <= p.p99!));
    }
  });

  it('sends a copy of traffic to a shadow variant and captures both in the SageMaker record shape', async () => {
    await client.endpointConfigs.create({
      name: 'shadow-config',
      variants: [{ name: 'AllTraffic', model: 'penguins-xgb', initialWeight: 1, workers: 1 }],
      shadowVariants: [{ name: 'shadow', model: 'penguins-ll', initialWeight: 1, workers: 1 }],
      dataCapture: {
        enabled: true,
        samplingPercentage: 100,
        destination: 'capture/',
        capture: ['Input', 'Output'],
      },
    });
    await client.endpoints.create({ name: 'shadowed', config: 'shadow-config' });
    const ready = await client.endpoints.waitInService('shadowed');
    assert.deepEqual(
      ready.variants.map((v) => [v.name, v.shadow]),
      [
        ['AllTraffic', false],
        ['shadow', true],
      ],
    );
    for (let i = 0; i < 10; i++) {
      const r = await client.endpoints.invoke('shadowed', ROW, { contentType: 'text/csv' });
      assert.equal(r.variant, 'AllTraffic', 'a shadow never answers');
    }
    const captured = async (variant: string) => {
      const page = await client.objects.list({ prefix: `capture/shadowed/${variant}/` });
      const lines: string[] = [];
      for (const o of page.objects) {
        assert.match(
          o.key,
          new RegExp(
            `^capture/shadowed/${variant}/\\d{4}/\\d{2}/\\d{2}/\\d{2}/\\d{2}-\\d{2}-\\d{3}-[0-9a-f-]{36}\\.jsonl$`,
          ),
        );
        lines.push(...(await new Response((await client.objects.get(o.key)).body).text()).trim().split('\n'));
      }
      return lines.map((l) => JSON.parse(l));
    };
    const until = Date.now() + 10_000;
    while ((await captured('AllTraffic')).length < 10 || (await captured('shadow')).length < 10) {
      assert.ok(Date.now() < until, 'capture files appear within a few seconds');
      await new Promise((r) => setTimeout(r, 200));
    }
    const [record] = await captured('AllTraffic');
    assert.deepEqual(record.captureData.endpointInput, {
      observedContentType: 'text/csv',
      mode: 'INPUT',
      data: ROW,
      encoding: 'CSV',
    });
    assert.equal(record.captureData.endpointOutput.mode, 'OUTPUT');
    assert.match(record.captureData.endpointOutput.data, /^Adelie,/);
    assert.match(record.eventMetadata.eventId, /^[0-9a-f-]{36}$/);
    assert.match(record.eventMetadata.inferenceTime, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    const shadowRecord = (await captured('shadow'))[0];
    assert.equal(shadowRecord.captureData.endpointInput.data, ROW);
    assert.match(shadowRecord.captureData.endpointOutput.data, /^(Adelie|Chinstrap|Gentoo),/);
    await client.endpoints.delete('shadowed');
  });

  it('answers Accept application/x-recordio-protobuf with a record per row equal to the JSON answer, and captures it in BASE64', async () => {
    await train('penguins-reg', 'linear-learner', { predictor_type: 'regressor' }, 'body_mass_g');
    await client.endpointConfigs.create({
      name: 'rec-config',
      variants: [
        { name: 'cls', model: 'penguins-xgb', initialWeight: 1, workers: 1 },
        { name: 'reg', model: 'penguins-reg', initialWeight: 1, workers: 1 },
      ],
      dataCapture: {
        enabled: true,
        samplingPercentage: 100,
        destination: 'rec-capture/',
        capture: ['Output'],
      },
    });
    await client.endpoints.create({ name: 'rec', config: 'rec-config' });
    await client.endpoints.waitInService('rec');
    const utf8 = new TextDecoder();
    /** The same rows answered in JSON and in RecordIO, each record's label map checked against the JSON. */
    const both = async (targetVariant: string, body: string) => {
      const json = await client.endpoints.invoke('rec', body, {
        contentType: 'text/csv',
        accept: 'application/json',
        targetVariant,
      });
      const rec = await client.endpoints.invoke('rec', body, {
        contentType: 'text/csv',
        accept: 'application/x-recordio-protobuf',
        targetVariant,
      });
      assert.equal(rec.contentType, 'application/x-recordio-protobuf');
      assert.ok(rec.body instanceof Uint8Array);
      const expected = (JSON.parse(json.body) as { predictions: Record<string, string | number>[] })
        .predictions;
      const records = recordio.decodeRecordIO(rec.body);
      assert.equal(records.length, expected.length);
      records.forEach((r, i) => {
        assert.deepEqual(r.features, {});
        assert.deepEqual(Object.keys(r.label!), Object.keys(expected[i]!));
        for (const [name, want] of Object.entries(expected[i]!)) {
          const t = r.label![name]!;
          if (typeof want === 'string') {
            assert.equal(t.type, 'bytes', name);
            assert.equal(utf8.decode((t.values as Uint8Array[])[0]), want);
          } else {
            assert.equal(t.type, 'float32', name);
            assert.deepEqual(t.values, Float32Array.of(want), name);
          }
        }
      });
      return { expected, bytes: rec.body };
    };
    const cls = await both('cls', `${ROW}\n${ROW2}\n`);
    assert.deepEqual(
      cls.expected.map((p) => p.predicted_label),
      ['Adelie', 'Gentoo'],
    );
    // The regressor's features: every column but its target, species included.
    const reg = await both(
      'reg',
      'Adelie,Torgersen,39.1,18.7,181,male,2007\nGentoo,Biscoe,46.1,13.2,211,female,2007\n',
    );
    assert.deepEqual(Object.keys(reg.expected[0]!), ['prediction']);
    assert.ok((reg.expected[1]!.prediction as number) > (reg.expected[0]!.prediction as number));

    // Data capture holds the RecordIO answer as BASE64 of the very bytes the client got.
    const captured = async () => {
      const page = await client.objects.list({ prefix: 'rec-capture/rec/cls/' });
      const outputs: { encoding: string; data: string; observedContentType: string }[] = [];
      for (const o of page.objects)
        for (const line of (await new Response((await client.objects.get(o.key)).body).text())
          .trim()
          .split('\n'))
          outputs.push(JSON.parse(line).captureData.endpointOutput);
      return outputs;
    };
    const until = Date.now() + 10_000;
    let outputs = await captured();
    while (outputs.length < 2) {
      assert.ok(Date.now() < until, 'capture files appear within a few seconds');
      await new Promise((r) => setTimeout(r, 200));
      outputs = await captured();
    }
    const binary = outputs.find((o) => o.observedContentType === 'application/x-recordio-protobuf');
    assert.equal(binary?.encoding, 'BASE64');
    assert.deepEqual(new Uint8Array(Buffer.from(binary!.data, 'base64')), cls.bytes);
    await client.endpoints.delete('rec');
  });

  it('serves any model of the project from a multi-model variant, loading each on first use', async () => {
    await client.endpointConfigs.create({
      name: 'mme-config',
      variants: [
        {
          name: 'mme',
          model: 'penguins-xgb',
          initialWeight: 1,
          workers: 1,
          mode: 'MultiModel',
          maxModels: 1,
        },
      ],
    });
    await client.endpoints.create({ name: 'many', config: 'mme-config' });
    await client.endpoints.waitInService('many');
    const ask = (targetModel?: string) =>
      client.endpoints.invoke('many', ROW2, {
        contentType: 'text/csv',
        ...(targetModel ? { targetModel } : {}),
      });
    // maxModels 1: every switch evicts the other model and loads it again.
    const answers: string[] = [];
    for (const m of ['penguins-ll', 'penguins-xgb', 'penguins-ll', undefined])
      answers.push((await ask(m)).body);
    assert.ok(
      answers.every((a) => a.startsWith('Gentoo,')),
      answers.join(' | '),
    );
    assert.equal(answers[0], answers[2]);
    assert.equal(answers[1], answers[3], 'no target model: the variant’s own model');
    assert.notEqual(answers[0], answers[1], 'two different models answered');
    await rejects(ask('nope'), 404, /no model 'nope'/);
    await rejects(
      client.endpoints.invoke('penguins', ROW, {
        contentType: 'text/csv',
        targetModel: 'penguins-ll',
        targetVariant: 'xgb',
      }),
      400,
      /needs a MultiModel variant/,
    );
    await client.endpoints.delete('many');
  });

  it('scales a variant out under load and back in when it is quiet', async () => {
    await client.endpointConfigs.create({
      name: 'scaling-config',
      variants: [
        {
          name: 'AllTraffic',
          model: 'penguins-xgb',
          initialWeight: 1,
          workers: 1,
          autoScaling: {
            minWorkers: 1,
            maxWorkers: 3,
            targetInFlightPerWorker: 1,
            scaleOutCooldownSeconds: 0,
            scaleInCooldownSeconds: 1,
          },
        },
      ],
    });
    await client.endpoints.create({ name: 'elastic', config: 'scaling-config' });
    await client.endpoints.waitInService('elastic');
    const big = `${Array.from({ length: 3000 }, () => ROW).join('\n')}\n`;
    let stop = false;
    let peak = 1;
    const load = Promise.all(
      Array.from({ length: 6 }, async () => {
        while (!stop) await client.endpoints.invoke('elastic', big, { contentType: 'text/csv' });
      }),
    );
    const until = Date.now() + 30_000;
    while (peak < 2 && Date.now() < until) {
      peak = Math.max(peak, (await client.endpoints.get('elastic')).variants[0]!.readyWorkers);
      await new Promise((r) => setTimeout(r, 100));
    }
    stop = true;
    await load;
    assert.ok(peak >= 2, `workers under load: ${peak}`);
    let after = peak;
    const quiet = Date.now() + 30_000;
    while (after > 1 && Date.now() < quiet) {
      await new Promise((r) => setTimeout(r, 250));
      after = (await client.endpoints.get('elastic')).variants[0]!.workers;
    }
    assert.equal(after, 1, 'back to minWorkers');
    await client.endpoints.delete('elastic');
  });

  it('refuses to delete a model or config in use, and deletes the endpoint', async () => {
    await rejects(client.models.delete('penguins-ll'), 409, /endpoint penguins serves it/);
    await rejects(client.endpointConfigs.delete('ab-config'), 409, /used by endpoint 'penguins'/);
    await client.endpoints.delete('penguins');
    await rejects(client.endpoints.get('penguins'), 404, /no endpoint/);
    await rejects(client.endpoints.invoke('penguins', ROW, { contentType: 'text/csv' }), 404, /no endpoint/);
    await client.endpointConfigs.delete('ab-config');
    await client.models.delete('penguins-ll');
  });
});
