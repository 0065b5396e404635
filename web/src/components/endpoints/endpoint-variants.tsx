import { Link } from 'wouter';

import type { Endpoint, EndpointConfig } from '../../api/endpoints/index.js';
import { formatCount } from '../format.js';

interface Row {
  readonly name: string;
  readonly model: string;
  readonly weight: number;
  readonly workers: number;
  readonly readyWorkers: number | undefined;
  readonly invocations: number | undefined;
  readonly errors: number | undefined;
  /** Gets a copy of every request; its answers are captured, never returned. */
  readonly shadow: boolean;
}

/**
 * The variants as they run (live counters), shadows last. Before any serves (Creating, Failed) the config's
 * variants stand in, with nothing ready and no counters yet.
 */
function rowsOf(endpoint: Endpoint, config: EndpointConfig | undefined): Row[] {
  if (endpoint.variants.length > 0) return endpoint.variants;
  const rows = (variants: EndpointConfig['variants'], shadow: boolean) =>
    variants.map((v) => ({
      name: v.name,
      model: v.model,
      weight: v.initialWeight,
      workers: v.workers,
      readyWorkers: 0,
      invocations: undefined,
      errors: undefined,
      shadow,
    }));
  return config ? [...rows(config.variants, false), ...rows(config.shadowVariants, true)] : [];
}

export function EndpointVariants({
  endpoint,
  config,
}: {
  endpoint: Endpoint;
  config: EndpointConfig | undefined;
}) {
  const rows = rowsOf(endpoint, config);
  // Shadows take no share of the traffic: they get a copy of all of it.
  const total = rows.reduce((s, r) => s + (r.shadow ? 0 : r.weight), 0);
  return (
    <section className="card" aria-labelledby="endpoint-variants-title">
      <h2 id="endpoint-variants-title">Variants</h2>
      <table aria-label="Variants">
        <thead>
          <tr>
            <th scope="col">Variant</th>
            <th scope="col">Model</th>
            <th scope="col">Weight</th>
            <th scope="col">Workers ready</th>
            <th scope="col">Invocations</th>
            <th scope="col">Errors</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.name}>
              <th scope="row">
                <span className="mono">{r.name}</span>
                {r.shadow && <span className="badge">shadow</span>}
              </th>
              <td>
                <Link href={`/models/${encodeURIComponent(r.model)}`}>{r.model}</Link>
              </td>
              <td
                className="num"
                title={
                  r.shadow
                    ? 'a copy of all traffic'
                    : total > 0
                      ? `${Math.round((100 * r.weight) / total)}% of traffic`
                      : undefined
                }
              >
                {r.shadow ? '-' : r.weight}
              </td>
              <td className="num">
                {r.readyWorkers ?? '-'}/{r.workers}
              </td>
              <td className="num">{formatCount(r.invocations)}</td>
              <td className="num">{formatCount(r.errors)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 && <p className="muted">Loading the variants…</p>}
    </section>
  );
}
