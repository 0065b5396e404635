import type { EndpointState } from '../../api/endpoints/index.js';

/** An endpoint's status as a badge: green in service, amber on the way, red when failed. */
export function EndpointStatus({ status }: { status: EndpointState }) {
  return <span className={`badge endpoint-status state-${status}`}>{status}</span>;
}
