import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { tempDir } from '../helpers/index.js';
import { runCli } from '../helpers/run-cli.js';
import { type ServerProcess, startServerProcess } from '../helpers/server-process.js';

const kelp = runCli;

let dir: Awaited<ReturnType<typeof tempDir>>;
before(async () => {
  dir = await tempDir('kelp-cli-');
});
after(() => dir.cleanup());

describe('kelp CLI, embedded (no server running)', () => {
  it('puts, lists, gets and removes objects; --json is machine-readable', async () => {
    const home = join(dir.path, 'home');
    const file = join(dir.path, 'data.csv');
    await writeFile(file, 'a,b\n1,2\n');
    const put = await kelp([
      '--home',
      home,
      'objects',
      'put',
      file,
      'lake/data.csv',
      '--content-type',
      'text/csv',
      '--meta',
      'owner=ana',
    ]);
    assert.equal(put.code, 0, put.stderr);
    assert.match(put.stdout, /uploaded lake\/data.csv \(8 B/);
    const ls = await kelp(['--home', home, '--json', 'objects', 'ls', 'lake/']);
    assert.equal(ls.code, 0, ls.stderr);
    const listed = JSON.parse(ls.stdout) as { objects: { key: string; size: number }[] };
    assert.deepEqual(
      listed.objects.map((o) => [o.key, o.size]),
      [['lake/data.csv', 8]],
    );
    const info = JSON.parse(
      (await kelp(['--home', home, '--json', 'objects', 'info', 'lake/data.csv'])).stdout,
    ) as {
      contentType: string;
      metadata: Record<string, string>;
    };
    assert.equal(info.contentType, 'text/csv');
    assert.deepEqual(info.metadata, { owner: 'ana' });
    const out = join(dir.path, 'copy.csv');
    assert.equal((await kelp(['--home', home, 'objects', 'get', 'lake/data.csv', out])).code, 0);
    assert.equal(await readFile(out, 'utf8'), 'a,b\n1,2\n');
    assert.equal((await kelp(['--home', home, 'objects', 'rm', 'lake/data.csv'])).code, 0);
  });

  it('errors are one line on stderr with a non-zero exit code', async () => {
    const home = join(dir.path, 'home');
    const missing = await kelp(['--home', home, 'jobs', 'describe', 'nope']);
    assert.equal(missing.code, 3);
    assert.equal(missing.stderr.trim(), "kelp: error: job 'nope' does not exist in project 'default'");
    const badKey = await kelp(['--home', home, 'objects', 'put', join(dir.path, 'data.csv'), '../escape']);
    assert.equal(badKey.code, 2);
    assert.match(
      badKey.stderr,
      /^kelp: error: invalid object key '..\/escape': '..' segments are not allowed\n$/,
    );
    const noFile = await kelp(['--home', home, 'objects', 'put', join(dir.path, 'nope.csv'), 'x']);
    assert.equal(noFile.code, 2);
    assert.match(noFile.stderr, /cannot read .*nope.csv/);
    const badJson = await kelp(['--home', home, 'jobs', 'submit', 'diagnostic.noop', '--input', '{oops']);
    assert.equal(badJson.code, 2);
    assert.match(badJson.stderr, /--input is not valid JSON/);
    const unreachable = await kelp(['jobs', 'ls'], { KELP_URL: 'http://127.0.0.1:9' });
    assert.equal(unreachable.code, 7);
    assert.match(unreachable.stderr, /no Kelp server answers at http:\/\/127.0.0.1:9/);
  });

  it('submit --wait runs the job in the CLI process and prints its log', async () => {
    const home = join(dir.path, 'home');
    const res = await kelp([
      '--home',
      home,
      'jobs',
      'submit',
      'diagnostic.sleep',
      '--name',
      'cli-sleep',
      '--input',
      '{"seconds":0.2,"steps":2}',
      '--wait',
    ]);
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /cli-sleep: Completed/);
    assert.match(res.stderr, /step 2 of 2/);
    const json = await kelp(['--home', home, '--json', 'jobs', 'ls']);
    const page = JSON.parse(json.stdout) as { jobs: { name: string; state: string }[] };
    assert.deepEqual(
      page.jobs.map((j) => [j.name, j.state]),
      [['cli-sleep', 'Completed']],
    );
  });
});

describe('kelp CLI against a running server', () => {
  let server: ServerProcess;
  before(async () => {
    server = await startServerProcess(join(dir.path, 'server-home'));
  });
  after(() => server.stop());

  it('submits a job, follows its log live, describes it and stops another', async () => {
    const env = { KELP_URL: server.url };
    const submitted = await kelp(
      ['--json', 'jobs', 'submit', 'diagnostic.sleep', '--name', 'srv', '--input', '{"seconds":1,"steps":4}'],
      env,
    );
    assert.equal(submitted.code, 0, submitted.stderr);
    assert.equal((JSON.parse(submitted.stdout) as { name: string }).name, 'srv');
    const follow = await kelp(['jobs', 'logs', 'srv', '--follow'], env);
    assert.equal(follow.code, 0, follow.stderr);
    assert.equal(follow.stdout.trim().split('\n').length, 4);
    assert.match(follow.stderr, /job srv ended: Completed/);
    const described = await kelp(['jobs', 'describe', 'srv'], env);
    assert.match(described.stdout, /state\s+Completed/);
    assert.match(described.stdout, /InProgress\s+Starting/);
    await kelp(
      ['jobs', 'submit', 'diagnostic.sleep', '--name', 'srv-long', '--input', '{"seconds":300}'],
      env,
    );
    const stopped = await kelp(['jobs', 'stop', 'srv-long'], env);
    assert.equal(stopped.code, 0, stopped.stderr);
    assert.match(stopped.stdout, /srv-long: (Stopping|Stopped)/);
  });
});
