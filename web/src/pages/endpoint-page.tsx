import { useState } from 'react';
import { Link, useLocation } from 'wouter';

import { type Endpoint, useDeleteEndpoint, useEndpoint, useEndpointConfig } from '../api/endpoints/index.js';
import { ConfirmDialog } from '../components/confirm-dialog.js';
import { EndpointStatus } from '../components/endpoints/endpoint-status.js';
import { EndpointVariants } from '../components/endpoints/endpoint-variants.js';
import { InvokeEndpoint } from '../components/endpoints/invoke-form.js';
import { TrafficCharts } from '../components/endpoints/traffic-charts.js';
import { formatTime } from '../components/format.js';
import { errorMessage, useToast } from '../components/toasts.js';

function Overview({ endpoint: e }: { endpoint: Endpoint }) {
  return (
    <section className="card" aria-labelledby="endpoint-overview-title">
      <h2 id="endpoint-overview-title">Overview</h2>
      <dl className="kv">
        <dt>Status</dt>
        <dd>
          <EndpointStatus status={e.status} />
        </dd>
        <dt>Config</dt>
        <dd className="mono">{e.config}</dd>
        <dt>Failure reason</dt>
        <dd className={e.failureReason ? 'failure-reason' : 'muted'}>{e.failureReason ?? '-'}</dd>
        <dt>Created</dt>
        <dd>
          {formatTime(e.createdAt)} by {e.createdBy}
        </dd>
        <dt>Updated</dt>
        <dd>{formatTime(e.updatedAt)}</dd>
      </dl>
    </section>
  );
}

/**
 * One endpoint, live: status (polled each second while it changes), its variants with their
 * counters, traffic charts, a form to invoke it, and delete.
 */
export default function EndpointPage({ name }: { name: string }) {
  const endpoint = useEndpoint(name);
  const remove = useDeleteEndpoint();
  const toast = useToast();
  const [, navigate] = useLocation();
  const [confirming, setConfirming] = useState(false);

  if (endpoint.error) return <p role="alert">{errorMessage(endpoint.error)}</p>;
  if (!endpoint.data) return <p className="muted">Loading…</p>;
  const e = endpoint.data;
  return (
    <>
      <p>
        <Link href="/endpoints">All endpoints</Link>
      </p>
      <div className="row">
        <h1 className="mono">{e.name}</h1>
        <span className="spacer" />
        <button
          type="button"
          className="danger"
          disabled={e.status === 'Deleting' || remove.isPending}
          onClick={() => setConfirming(true)}
        >
          Delete endpoint
        </button>
      </div>
      <EndpointBody endpoint={e} />
      <ConfirmDialog
        open={confirming}
        title="Delete endpoint?"
        message={`The endpoint ${e.name} stops answering once its workers drain. Its config and models stay.`}
        confirmLabel="Delete"
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          remove.mutate(e.name, {
            onSuccess: () => navigate('/endpoints'),
            onError: (err) => toast(`Could not delete ${e.name}: ${errorMessage(err)}`),
          });
        }}
      />
    </>
  );
}

/** What the endpoint runs: the config it is on (read again when an update switches it), live. */
function EndpointBody({ endpoint: e }: { endpoint: Endpoint }) {
  const config = useEndpointConfig(e.config);
  return (
    <>
      <div className="endpoint-summary">
        <Overview endpoint={e} />
        <EndpointVariants endpoint={e} config={config.data} />
      </div>
      <TrafficCharts name={e.name} />
      <InvokeEndpoint endpoint={e} config={config.data} />
    </>
  );
}
