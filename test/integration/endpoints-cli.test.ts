// kelp deploy / invoke / endpoints from the CLI, embedded (no server): deploy records and warms the
// endpoint, invoke serves it in-process for the one request, describe and delete manage it.
import assert from 'node:assert/strict';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

import { recordio } from '../../src/engine/index.js';
import { tempDir } from '../helpers/index.js';
import { runCli } from '../helpers/run-cli.js';

const PENGUINS = fileURLToPath(new URL('../fixtures/ml/penguins.csv', import.meta.url));
let dir: Awaited<ReturnType<typeof tempDir>>;
before(async () => {
  dir = await tempDir('kelp-endpoints-cli-');
});
after(async () => {
  await dir.cleanup();
});

describe('kelp deploy and kelp invoke (embedded)', () => {
  it('deploys a trained model, invokes it, describes and deletes the endpoint', async () => {
    const home = join(dir.path, 'home');
    const csv = join(dir.path, 'penguins.csv');
    await copyFile(PENGUINS, csv);
    const kelp = (...args: string[]) => runCli(['--home', home, ...args]);
    const train = await kelp(
      'train',
      '--algorithm',
      'random-forest',
      '--data',
      csv,
      '--target',
      'species',
      '--hp',
      'num_trees=20',
      '--name',
      'rf',
    );
    assert.equal(train.code, 0, train.stderr);

    const deploy = await kelp(
      '--json',
      'deploy',
      '--endpoint',
      'penguins',
      '--model',
      'rf',
      '--workers',
      '2',
    );
    assert.equal(deploy.code, 0, deploy.stderr);
    const deployed = JSON.parse(deploy.stdout) as {
      status: string;
      variants: { name: string; readyWorkers: number }[];
    };
    assert.equal(deployed.status, 'InService');
    assert.deepEqual(
      deployed.variants.map((v) => [v.name, v.readyWorkers]),
      [['AllTraffic', 2]],
    );

    const invoke = await kelp('invoke', 'penguins', '--body', 'Torgersen,39.1,18.7,181,3750,male,2007');
    assert.equal(invoke.code, 0, invoke.stderr);
    assert.match(invoke.stdout, /^Adelie,[\d.]+,[\d.]+,[\d.]+\n$/);
    const json = await kelp(
      'invoke',
      'penguins',
      '--content-type',
      'application/json',
      '--body',
      '[["Biscoe",46.1,13.2,211,4500,"female",2007]]',
    );
    assert.equal(JSON.parse(json.stdout).predictions[0].predicted_label, 'Gentoo');
    // A RecordIO answer goes to --output as bytes; kelp convert shows it as JSON.
    const recFile = join(dir.path, 'out.rec');
    const rec = await kelp(
      'invoke',
      'penguins',
      '--accept',
      'application/x-recordio-protobuf',
      '--output',
      recFile,
      '--body',
      'Torgersen,39.1,18.7,181,3750,male,2007\nBiscoe,46.1,13.2,211,4500,female,2007',
    );
    assert.equal(rec.code, 0, rec.stderr);
    assert.equal(rec.stdout, '');
    const records = recordio.decodeRecordIO(new Uint8Array(await readFile(recFile)));
    assert.deepEqual(
      records.map((r) => new TextDecoder().decode((r.label!.predicted_label!.values as Uint8Array[])[0])),
      ['Adelie', 'Gentoo'],
    );
    const converted = await kelp('convert', recFile, join(dir.path, 'out.jsonl'));
    assert.equal(converted.code, 0, converted.stderr);
    const shown = (await readFile(join(dir.path, 'out.jsonl'), 'utf8')).trim().split('\n');
    assert.deepEqual(JSON.parse(shown[1]!).label.predicted_label, {
      type: 'bytes',
      values: [Buffer.from('Gentoo').toString('base64')],
    });
    const bad = await kelp('invoke', 'penguins', '--body', 'Torgersen,39.1');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /row 1: 2 values, the model takes 7/);

    // Batch transform of a local header-less CSV file.
    const rowsFile = join(dir.path, 'rows.csv');
    await writeFile(
      rowsFile,
      'Torgersen,39.1,18.7,181,3750,male,2007\nBiscoe,46.1,13.2,211,4500,female,2007\n',
    );
    const transform = await kelp(
      '--json',
      'transform',
      '--model',
      'rf',
      '--input',
      rowsFile,
      '--output',
      'scored/',
    );
    assert.equal(transform.code, 0, transform.stderr);
    assert.deepEqual(
      (({ objects, records, output }) => ({ objects, records, output }))(JSON.parse(transform.stdout)),
      { objects: 1, records: 2, output: 'scored/' },
    );
    const got = await kelp('objects', 'get', 'scored/rows.csv.out', '-');
    assert.match(got.stdout, /^Adelie,.*\nGentoo,.*\n$/);

    const describeOut = await kelp('endpoints', 'describe', 'penguins');
    assert.match(describeOut.stdout, /status\s+InService/);
    const rm = await kelp('models', 'rm', 'rf');
    assert.notEqual(rm.code, 0);
    assert.match(rm.stderr, /endpoint penguins serves it/);
    assert.equal((await kelp('endpoints', 'delete', 'penguins')).code, 0);
    const ls = await kelp('--json', 'endpoints', 'ls');
    assert.deepEqual(JSON.parse(ls.stdout), []);
  });
});
