import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';

import { queryRows, withDuckDB } from '../duckdb.js';
import { convertFile } from './convert.js';
import { readRecordIO, recordToJson } from './recordio/index.js';

const FIXTURES = join(import.meta.dirname, '../../../test/fixtures/recordio');
let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kelp-convert-'));
});
after(() => rm(dir, { recursive: true, force: true }));

const rows = (sql: string) => withDuckDB((con) => queryRows(con, sql));

describe('kelp convert', () => {
  it('round-trips CSV → Parquet → JSON lines → CSV with the same rows and types', async () => {
    const csv = join(dir, 'in.csv');
    await writeFile(csv, 'id,name,score,ok\n1,ann,2.5,true\n2,"bo, b",,false\n3,cy,-1e3,true\n');
    const parquet = await convertFile(csv, join(dir, 'a.parquet'));
    assert.equal(parquet.rows, 3);
    const jsonl = await convertFile(join(dir, 'a.parquet'), join(dir, 'b.jsonl'));
    assert.equal(jsonl.rows, 3);
    const lines = (await readFile(join(dir, 'b.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.deepEqual(lines[1], { id: 2, name: 'bo, b', score: null, ok: false });
    await convertFile(join(dir, 'b.jsonl'), join(dir, 'c.csv'));
    assert.deepEqual(
      await rows(`SELECT * FROM read_csv('${join(dir, 'c.csv')}') ORDER BY id`),
      await rows(`SELECT * FROM read_csv('${csv}') ORDER BY id`),
    );
  });

  it('reads gzip CSV and puts the label column first', async () => {
    const gz = join(dir, 'g.csv.gz');
    await writeFile(gz, gzipSync('a,b,y\n1,2,0\n3,4,1\n'));
    await convertFile(gz, join(dir, 'g.parquet'), { label: 'y' });
    const out = await rows(`SELECT * FROM '${join(dir, 'g.parquet')}'`);
    assert.deepEqual(Object.keys(out[0] ?? {}), ['y', 'a', 'b']);
  });

  it('names the file, line and column of a broken CSV row, leaves no output, and can skip bad rows', async () => {
    // Past DuckDB's sniffing sample (20,480 rows), as bad rows in big files are.
    const csv = join(dir, 'broken.csv');
    const lines = ['x,y,z'];
    for (let i = 0; i < 30000; i++) lines.push(`${i},${i * 2},${i * 3}`);
    lines[25000] = '24999,oops,9';
    await writeFile(csv, `${lines.join('\n')}\n`);
    await assert.rejects(
      convertFile(csv, join(dir, 'broken.parquet')),
      (err: Error & { details?: unknown }) => {
        assert.match(err.message, /broken\.csv: line 25001, column y: cannot read "oops" as BIGINT/);
        assert.deepEqual(err.details, { file: csv, line: 25001, column: 'y' });
        return true;
      },
    );
    const wide = join(dir, 'wide.csv');
    lines[25000] = '24999,1,2,3';
    await writeFile(wide, `${lines.join('\n')}\n`);
    await assert.rejects(
      convertFile(wide, join(dir, 'wide.parquet')),
      /wide\.csv: line 25001, column 4: expected 3 columns, found 4/,
    );
    await assert.rejects(stat(join(dir, 'broken.parquet')));
    const skipped = await convertFile(csv, join(dir, 'skipped.parquet'), { skipBadRows: true });
    assert.ok(skipped.badRows >= 1, `bad rows ${skipped.badRows}`);
    assert.equal(skipped.badRows, 1);
    assert.equal(skipped.rows, 29999);
  });

  it('writes RecordIO the way SageMaker does (float32 features, label tensor) and reads it back', async () => {
    const csv = join(dir, 'train.csv');
    await writeFile(csv, 'f1,f2,label,f3\n1.5,2,1,-3\n0.25,4,0,8\n');
    const result = await convertFile(csv, join(dir, 'train.recordio'), { label: 'label' });
    assert.equal(result.rows, 2);
    const records = [];
    for await (const r of readRecordIO(createReadStream(join(dir, 'train.recordio'))))
      records.push(recordToJson(r));
    assert.deepEqual(records, [
      {
        features: { values: { type: 'float32', values: [1.5, 2, -3] } },
        label: { values: { type: 'float32', values: [1] } },
      },
      {
        features: { values: { type: 'float32', values: [0.25, 4, 8] } },
        label: { values: { type: 'float32', values: [0] } },
      },
    ]);
    await assert.rejects(
      convertFile(join(dir, 'in.csv'), join(dir, 'bad.recordio')),
      /column 'name' is VARCHAR/,
    );
  });

  it('converts each RecordIO conformance vector to JSON lines in the shape of expected.json', async () => {
    const expected = JSON.parse(await readFile(join(FIXTURES, 'expected.json'), 'utf8')) as Record<
      string,
      unknown[]
    >;
    for (const [file, records] of Object.entries(expected)) {
      const out = join(dir, `${file}.jsonl`);
      const result = await convertFile(join(FIXTURES, file), out);
      assert.equal(result.rows, records.length, file);
      const got = (await readFile(out, 'utf8'))
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as unknown);
      assert.equal(got.length, records.length);
      for (const [i, g] of got.entries()) assertClose(g, records[i], `${file} record ${i}`);
    }
  });

  it('converts RecordIO to Parquet and CSV columns: label, feature_i, sparse rows expanded', async () => {
    const dense = await convertFile(join(FIXTURES, 'dense-f32.recordio'), join(dir, 'dense.parquet'));
    assert.equal(dense.rows, 7);
    const first = (await rows(`SELECT * FROM '${join(dir, 'dense.parquet')}' LIMIT 1`))[0] ?? {};
    assert.deepEqual(Object.keys(first), [
      'label',
      'feature_0',
      'feature_1',
      'feature_2',
      'feature_3',
      'feature_4',
    ]);
    assert.ok(Math.abs(Number(first.feature_0) - -35.233) < 1e-4);
    await convertFile(join(FIXTURES, 'sparse-f32.recordio'), join(dir, 'sparse.csv'));
    const sparse = await rows(
      `SELECT count(*) AS n, count(COLUMNS(*)) FROM read_csv('${join(dir, 'sparse.csv')}')`,
    );
    assert.equal(Number(sparse[0]?.n), 6);
    const cols = await rows(`DESCRIBE SELECT * FROM read_csv('${join(dir, 'sparse.csv')}')`);
    assert.equal(cols.length, 1001);
  });
});

function assertClose(actual: unknown, expected: unknown, where: string): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    assert.ok(
      Math.abs(actual - expected) <= 1e-6 * Math.max(1, Math.abs(expected)),
      `${where}: ${actual} vs ${expected}`,
    );
    return;
  }
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${where}: not an array`);
    assert.equal(actual.length, expected.length, `${where}: length`);
    for (const [i, e] of expected.entries()) assertClose(actual[i], e, `${where}[${i}]`);
    return;
  }
  if (expected && typeof expected === 'object') {
    const a = actual as Record<string, unknown>;
    for (const [k, v] of Object.entries(expected)) {
      if (Array.isArray(v) && v.length === 0 && a[k] === undefined) continue;
      assertClose(a[k], v, `${where}.${k}`);
    }
    return;
  }
  assert.equal(actual, expected, where);
}
