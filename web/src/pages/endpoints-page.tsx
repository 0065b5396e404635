import { Link } from 'wouter';

import { type EndpointConfig, useEndpointConfigs, useEndpoints } from '../api/endpoints/index.js';
import { EndpointStatus } from '../components/endpoints/endpoint-status.js';
import { formatTime } from '../components/format.js';
import { errorMessage } from '../components/toasts.js';

/** `model (weight)` per variant of the endpoint's config. */
function VariantsCell({ config }: { config: EndpointConfig | undefined }) {
  if (!config) return <span className="muted">-</span>;
  return (
    <>
      {config.variants.map((v) => (
        <div key={v.name}>
          {v.model} ({v.initialWeight})
        </div>
      ))}
      {config.shadowVariants.map((v) => (
        <div key={v.name} className="muted">
          {v.model} (shadow)
        </div>
      ))}
    </>
  );
}

/** SageMaker's Endpoints: every real-time endpoint with its status and what it serves. */
export default function EndpointsPage() {
  const endpoints = useEndpoints();
  // Variants come from the configs: an endpoint that is Creating or Failed runs none yet.
  const configs = useEndpointConfigs();
  const configByName = new Map(configs.data?.map((c) => [c.name, c]));
  return (
    <>
      <div className="row">
        <h1>Endpoints</h1>
        <span className="spacer" />
        <Link href="/endpoints/new" className="button primary">
          Deploy model
        </Link>
      </div>
      {endpoints.error && <p role="alert">Could not list endpoints: {errorMessage(endpoints.error)}</p>}
      <table aria-label="Endpoints">
        <thead>
          <tr>
            <th>Name</th>
            <th>Status</th>
            <th>Config</th>
            <th>Variants</th>
            <th>Updated</th>
          </tr>
        </thead>
        <tbody>
          {endpoints.data?.map((e) => (
            <tr key={e.name}>
              <td>
                <Link href={`/endpoints/${encodeURIComponent(e.name)}`}>{e.name}</Link>
              </td>
              <td>
                <EndpointStatus status={e.status} />
              </td>
              <td className="mono">{e.config}</td>
              <td>
                <VariantsCell config={configByName.get(e.config)} />
              </td>
              <td className="muted">{formatTime(e.updatedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {endpoints.data?.length === 0 && (
        <p className="muted">No endpoints yet. Deploy a trained model to answer requests in real time.</p>
      )}
    </>
  );
}
