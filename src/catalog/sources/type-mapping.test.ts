import assert from 'node:assert/strict';
import { test } from 'node:test';

import { includeMatcher } from './include-patterns.js';
import { mysqlGlueType, postgresGlueType } from './type-mapping.js';

test('postgresGlueType maps format_type() names', () => {
  const cases: [string, string, string?][] = [
    ['integer', 'int'],
    ['bigint', 'bigint'],
    ['smallint', 'smallint'],
    ['real', 'float'],
    ['double precision', 'double'],
    ['numeric(10,2)', 'decimal(10,2)'],
    ['numeric(38,0)', 'decimal(38,0)'],
    ['numeric(5)', 'decimal(5,0)'],
    ['numeric(39,2)', 'double'],
    ['numeric', 'double'],
    ['boolean', 'boolean'],
    ['character varying(20)', 'string'],
    ['character(3)', 'string'],
    ['text', 'string'],
    ['uuid', 'string'],
    ['jsonb', 'string'],
    ['date', 'date'],
    ['timestamp without time zone', 'timestamp'],
    ['timestamp(3) with time zone', 'timestamp'],
    ['time without time zone', 'string'],
    ['bytea', 'binary'],
    ['integer[]', 'string'],
    ['tsvector', 'string'],
    ['boolean', 'string', 'e'], // an enum that happens to be called "boolean"
  ];
  for (const [formatted, expected, typtype] of cases)
    assert.equal(postgresGlueType(formatted, typtype), expected, formatted);
});

test('mysqlGlueType maps column_type strings', () => {
  const cases: [string, string][] = [
    ['tinyint(1)', 'boolean'],
    ['tinyint(4)', 'tinyint'],
    ['tinyint(3) unsigned', 'smallint'],
    ['bit(1)', 'boolean'],
    ['bit(12)', 'bigint'],
    ['int(11)', 'int'],
    ['int(10) unsigned', 'bigint'],
    ['int unsigned zerofill', 'bigint'],
    ['bigint(20) unsigned', 'decimal(20,0)'],
    ['mediumint(8) unsigned', 'int'],
    ['decimal(12,3)', 'decimal(12,3)'],
    ['decimal(12,3) unsigned', 'decimal(12,3)'],
    ['decimal(65,2)', 'double'],
    ['float', 'float'],
    ['double', 'double'],
    ['varchar(255)', 'string'],
    ["enum('a','b)')", 'string'],
    ['longtext', 'string'],
    ['date', 'date'],
    ['datetime(6)', 'timestamp'],
    ['timestamp', 'timestamp'],
    ['time(3)', 'string'],
    ['year(4)', 'smallint'],
    ['varbinary(16)', 'binary'],
    ['longblob', 'binary'],
    ['point', 'binary'],
    ['uuid', 'string'],
    ['INT(11)', 'int'],
  ];
  for (const [columnType, expected] of cases) assert.equal(mysqlGlueType(columnType), expected, columnType);
});

test('includeMatcher: LIKE-style patterns over "schema.table"', () => {
  const all = includeMatcher(undefined);
  assert.equal(all('any.thing'), true);
  assert.equal(includeMatcher([])('any.thing'), true);
  const m = includeMatcher(['public.%', 'sales.order\\_%', 'x.t_']);
  assert.equal(m('public.orders'), true);
  assert.equal(m('PUBLIC.Orders'), true);
  assert.equal(m('publicX.orders'), false);
  assert.equal(m('sales.order_items'), true);
  assert.equal(m('sales.orderXitems'), false);
  assert.equal(m('x.t1'), true);
  assert.equal(m('x.t12'), false);
  assert.equal(includeMatcher(['a.b(c)+'])('a.b(c)+'), true, 'regex characters are literal');
  assert.equal(includeMatcher(['a.100\\%'])('a.100%'), true);
  assert.throws(() => includeMatcher(['  ']), /non-empty/);
});
