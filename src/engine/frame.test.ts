import assert from 'node:assert/strict';
import { test } from 'node:test';

import { withDuckDB } from './duckdb.js';
import { frameColumn, readFrame } from './frame.js';

test('readFrame copies numbers into typed arrays with validity, strings into a dictionary', async () => {
  await withDuckDB(async (con) => {
    const frame = await readFrame(
      con,
      `SELECT i AS n, CASE WHEN i % 3 = 0 THEN NULL ELSE i * 0.5 END AS x, i::INTEGER AS k,
              ['a','b','c'][i % 3 + 1] AS s, i % 2 = 0 AS even, DATE '2024-01-01' + i::INTEGER AS d
       FROM range(5000) t(i) ORDER BY i`,
    );
    assert.equal(frame.length, 5000);
    const x = frameColumn(frame, 'x');
    assert.ok(x?.kind === 'float64');
    assert.ok(Number.isNaN(x.values[0]));
    assert.equal(x.values[4999], 2499.5);
    assert.equal(x.valid?.[0], 0);
    assert.equal(x.valid?.[1], 1);
    const n = frameColumn(frame, 'n');
    assert.ok(n?.kind === 'float64' && n.valid === null && n.values[4096] === 4096);
    const k = frameColumn(frame, 'k');
    assert.ok(k?.kind === 'int32' && k.values[3000] === 3000);
    const s = frameColumn(frame, 's');
    assert.ok(s?.kind === 'string');
    assert.deepEqual(s.dictionary, ['a', 'b', 'c']);
    assert.deepEqual([...s.codes.slice(0, 4)], [0, 1, 2, 0]);
    const even = frameColumn(frame, 'even');
    assert.ok(even?.kind === 'bool' && even.values[0] === 1 && even.values[1] === 0);
    const d = frameColumn(frame, 'd');
    assert.ok(d?.kind === 'float64' && d.values[1] === Date.UTC(2024, 0, 2));
  });
});

test('readFrame handles an empty result and string nulls', async () => {
  await withDuckDB(async (con) => {
    const empty = await readFrame(con, 'SELECT 1.5 AS x WHERE false');
    assert.equal(empty.length, 0);
    const f = await readFrame(con, "SELECT * FROM (VALUES ('a'), (NULL), ('a')) t(s)");
    const s = frameColumn(f, 's');
    assert.ok(s?.kind === 'string');
    assert.deepEqual([...s.codes], [0, -1, 0]);
    assert.deepEqual([...(s.valid ?? [])], [1, 0, 1]);
  });
});
