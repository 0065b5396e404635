import { Link, useSearch } from 'wouter';

import { DeployEndpointForm } from '../components/endpoints/deploy-endpoint-form.js';

/** Deploy models to a real-time endpoint; `?model=NAME` (the model page's Deploy link) prefills it. */
export default function DeployEndpointPage() {
  const model = new URLSearchParams(useSearch()).get('model') ?? undefined;
  return (
    <>
      <p>
        <Link href="/endpoints">All endpoints</Link>
      </p>
      <h1>Deploy model</h1>
      <DeployEndpointForm model={model} />
    </>
  );
}
