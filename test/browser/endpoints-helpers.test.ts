// The console's pure helpers behind the Endpoints pages, without a browser: the deploy form's rules
// (the server's, field by field), config names, example invocation bodies from a model's schema, and
// traffic metrics as chart series and totals.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  configNameFor,
  type DeploymentInput,
  deploymentErrors,
  hasErrors,
  newVariant,
  toVariants,
} from '../../web/src/api/endpoints/deployment.js';
import { exampleBody, featureColumns } from '../../web/src/api/endpoints/invocation.js';
import { describeTraffic, trafficSeries, trafficTotals } from '../../web/src/api/endpoints/traffic.js';

const NAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9-]{0,62}$/;

describe('deploy form', () => {
  const valid: DeploymentInput = { name: 'penguins', variants: [newVariant([], 'penguins-xgb')] };

  it('starts with AllTraffic, then the first free VariantN', () => {
    assert.deepEqual(newVariant([], 'm'), { name: 'AllTraffic', model: 'm', weight: '1', workers: '1' });
    assert.equal(newVariant(['AllTraffic']).name, 'Variant2');
    assert.equal(newVariant(['AllTraffic', 'Variant2', 'Variant3']).name, 'Variant4');
    assert.equal(newVariant(['AllTraffic', 'Variant3']).name, 'Variant2');
  });

  it('accepts a valid form and sends typed variants', () => {
    assert.equal(hasErrors(deploymentErrors(valid)), false);
    assert.deepEqual(
      toVariants({ ...valid, variants: [{ ...valid.variants[0]!, weight: '0.5', workers: '4' }] }),
      [{ name: 'AllTraffic', model: 'penguins-xgb', initialWeight: 0.5, workers: 4 }],
    );
  });

  it('reports each rule on its field', () => {
    const bad = deploymentErrors({
      name: '-penguins',
      variants: [
        { name: 'A', model: '', weight: '-1', workers: '0' },
        { name: 'A', model: 'm', weight: 'x', workers: '1.5' },
        { name: 'B', model: 'm', weight: '', workers: '65' },
      ],
    });
    assert.match(bad.name ?? '', /^Endpoint name: letters, digits and dashes/);
    assert.deepEqual(bad.variants[0], {
      model: 'Choose a model',
      weight: 'Weight must be a number ≥ 0',
      workers: 'Workers must be a whole number from 1 to 64',
    });
    assert.equal(bad.variants[1]?.name, 'Variant names must differ');
    assert.equal(bad.variants[1]?.workers, 'Workers must be a whole number from 1 to 64');
    assert.equal(bad.variants[2]?.weight, 'Weight must be a number ≥ 0', 'empty is not 0');
    assert.equal(bad.weights, 'At least one variant needs a weight above 0');
    assert.equal(deploymentErrors({ ...valid, name: ' ' }).name, 'Endpoint name is required');
    assert.equal(
      deploymentErrors({ ...valid, name: 'a'.repeat(64) }).name?.startsWith('Endpoint name:'),
      true,
    );
  });

  it('needs one weight above 0, not all', () => {
    const two = {
      ...valid,
      variants: [{ ...valid.variants[0]!, weight: '0' }, newVariant(['AllTraffic'], 'm')],
    };
    assert.equal(deploymentErrors(two).weights, undefined);
    two.variants[1] = { ...two.variants[1]!, weight: '0' };
    assert.equal(deploymentErrors(two).weights, 'At least one variant needs a weight above 0');
  });

  it('names configs after the endpoint and the time, within 63 characters', () => {
    const now = Date.UTC(2026, 0, 2, 3, 4, 5);
    assert.equal(configNameFor('penguins', now), `penguins-${now.toString(36)}`);
    const long = configNameFor('e'.repeat(63), now);
    assert.equal(long.length, 63);
    assert.match(long, NAME_RE);
    assert.ok(long.endsWith(`-${now.toString(36)}`));
  });
});

describe('example invocation bodies', () => {
  const model = {
    target: 'species',
    schema: [
      { name: 'species', type: 'string' },
      { name: 'island', type: 'string' },
      { name: 'bill_length_mm', type: 'double' },
      { name: 'price', type: 'decimal(10,2)' },
      { name: 'year', type: 'bigint' },
    ],
  };

  it('leaves the target out, in training order', () => {
    assert.deepEqual(
      featureColumns(model).map((c) => c.name),
      ['island', 'bill_length_mm', 'price', 'year'],
    );
    assert.equal(featureColumns({ ...model, target: null }).length, 5);
  });

  it('writes 0 for numbers and missing for text, in each content type', () => {
    assert.equal(exampleBody(model, 'text/csv'), ',0,0,0\n');
    assert.deepEqual(JSON.parse(exampleBody(model, 'application/json')), {
      instances: [{ island: null, bill_length_mm: 0, price: 0, year: 0 }],
    });
    const lines = exampleBody(model, 'application/jsonlines');
    assert.equal(lines, '{"island":null,"bill_length_mm":0,"price":0,"year":0}\n');
  });
});

describe('traffic', () => {
  const t0 = 1_700_000_000_000;
  const metrics = {
    bucketSeconds: 5,
    variants: [
      {
        name: 'A',
        points: [
          { t: t0, invocations: 0, errors: 0, p50: null, p95: null, p99: null },
          { t: t0 + 5000, invocations: 10, errors: 1, p50: 2, p95: 4, p99: 8 },
          { t: t0 + 10_000, invocations: 5, errors: 0, p50: 1, p95: 6, p99: 7 },
        ],
      },
      { name: 'B', points: [{ t: t0, invocations: 1, errors: 1, p50: 3, p95: 3, p99: 3 }] },
    ],
  };

  it('gives requests per second, latency percentiles and errors per variant', () => {
    const s = trafficSeries(metrics);
    assert.deepEqual(s.requests[0], {
      name: 'A',
      points: [
        [t0, 0],
        [t0 + 5000, 2],
        [t0 + 10_000, 1],
      ],
    });
    assert.deepEqual(
      s.latency.map((l) => l.name),
      ['A p50', 'A p95', 'A p99', 'B p50', 'B p95', 'B p99'],
    );
    assert.deepEqual(s.latency[1]?.points, [
      [t0, null],
      [t0 + 5000, 4],
      [t0 + 10_000, 6],
    ]);
    assert.deepEqual(s.errors[1]?.points, [[t0, 1]]);
    // One variant: the percentiles alone name the latency curves.
    const one = trafficSeries({ ...metrics, variants: [metrics.variants[0]!] });
    assert.deepEqual(
      one.latency.map((l) => l.name),
      ['p50', 'p95', 'p99'],
    );
  });

  it('totals the window in words', () => {
    const totals = trafficTotals(metrics);
    assert.deepEqual(totals[0], { name: 'A', invocations: 15, errors: 1, p95: 6 });
    assert.equal(describeTraffic(totals[0]!), '15 requests, 1 error, p95 up to 6.0 ms');
    assert.equal(describeTraffic({ name: 'C', invocations: 1, errors: 0, p95: null }), '1 request, 0 errors');
    assert.deepEqual(trafficTotals({ bucketSeconds: 5, variants: [] }), []);
  });
});
