import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { Preprocessor } from '../ml/index.js';
import { parseRows, rowsToFrame } from './codecs.js';
import { csvToFrame } from './csv-frame.js';

const pre: Preprocessor = {
  features: [
    { name: 'x', kind: 'numeric', fill: 0 },
    { name: 'color', kind: 'categorical', categories: ['red', 'blue'] },
    { name: 'y', kind: 'numeric', fill: 0 },
  ],
  featureNames: ['x', 'color=red', 'color=blue', 'y'],
  keepMissing: false,
};

describe('CSV straight into columns', () => {
  it('reads what the general parser reads, numbers bit for bit', () => {
    const numbers = [
      '0',
      '-1',
      '3.25',
      '+7',
      '1e3',
      '-0.000123',
      '123456789012345678',
      '0.1',
      '.5',
      '9007199254740993',
      '2.5E-3',
    ];
    const text = `${numbers.map((v, i) => `${v},${i % 2 ? 'red' : 'blue'},${i}`).join('\r\n')}\n\n,,\n`;
    const fast = csvToFrame(pre, text)!;
    assert.deepEqual(fast, rowsToFrame(pre, parseRows('text/csv', text)));
    const x = fast.columns[0]!;
    assert.ok(x.kind === 'float64');
    assert.deepEqual(Array.from(x.values.subarray(0, numbers.length)), numbers.map(Number));
    assert.equal(
      fast.length,
      numbers.length + 1,
      'blank lines are skipped; an all-empty row is missing values',
    );
  });

  it('names the row and column of a bad cell, and counts values like the general parser', () => {
    assert.throws(
      () => csvToFrame(pre, '1,red,2\n1,red\n'),
      /^PlatformError: row 2: 2 values, the model takes 3$/,
    );
    assert.throws(() => csvToFrame(pre, '1,red,2,4\n'), /row 1: 4 values, the model takes 3/);
    assert.throws(() => csvToFrame(pre, '1,red,2\n1,red,abc\n'), /row 2, column 'y': "abc" is not a number/);
    assert.equal(csvToFrame(pre, '1,"red",2\n'), undefined, 'quotes go to the general parser');
  });
});
