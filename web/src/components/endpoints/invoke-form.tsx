import { type FormEvent, useId, useState } from 'react';

import {
  CONTENT_TYPES,
  type ContentType,
  type Endpoint,
  type EndpointConfig,
  exampleBody,
  featureColumns,
  isContentType,
  isServing,
  useInvokeEndpoint,
} from '../../api/endpoints/index.js';
import { type Model, useModel } from '../../api/models/index.js';
import { errorMessage, useToast } from '../toasts.js';

function ResponseView({
  body,
  contentType,
  variant,
}: {
  body: string;
  contentType: string;
  variant: string;
}) {
  return (
    <section className="invoke-response" aria-labelledby="invoke-response-title">
      <h3 id="invoke-response-title">Response</h3>
      <p className="muted">
        Answered by variant <strong className="mono">{variant}</strong> as{' '}
        <span className="mono">{contentType}</span>
      </p>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable block must be reachable by keyboard. */}
      <pre className="response-body" tabIndex={0}>
        {body}
      </pre>
    </section>
  );
}

/**
 * SageMaker's "Test inference": a body in any content type the endpoint takes, sent to the
 * endpoint (or to one variant). The body starts as an example row built from `model`'s schema, in
 * the chosen content type, until it is edited. Errors (the server's message, with row and column)
 * are shown as toasts.
 */
function InvokeWithModel(props: {
  endpoint: Endpoint;
  variants: readonly string[];
  model: Model | undefined;
}) {
  const { endpoint, model } = props;
  const invoke = useInvokeEndpoint();
  const toast = useToast();
  const id = useId();
  const [contentType, setContentType] = useState<ContentType>('text/csv');
  const [accept, setAccept] = useState<ContentType | ''>('');
  const [target, setTarget] = useState('');
  const [edited, setEdited] = useState<string | undefined>();
  const body = edited ?? (model ? exampleBody(model, contentType) : '');
  const serving = isServing(endpoint);

  function submit(e: FormEvent) {
    e.preventDefault();
    invoke.mutate(
      {
        name: endpoint.name,
        body,
        contentType,
        ...(accept ? { accept } : {}),
        ...(target ? { targetVariant: target } : {}),
      },
      { onError: (err) => toast(`Invocation failed: ${errorMessage(err)}`) },
    );
  }

  return (
    <>
      <form className="form-grid" onSubmit={submit} aria-label="Invoke endpoint">
        <label>
          Content type
          <select
            value={contentType}
            onChange={(e) => isContentType(e.target.value) && setContentType(e.target.value)}
          >
            {CONTENT_TYPES.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </label>
        <label>
          Accept
          <select
            value={accept}
            onChange={(e) => setAccept(isContentType(e.target.value) ? e.target.value : '')}
          >
            <option value="">same as content type</option>
            {CONTENT_TYPES.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </label>
        <label>
          Target variant
          <select value={target} onChange={(e) => setTarget(e.target.value)}>
            <option value="">any (by weight)</option>
            {props.variants.map((v) => (
              <option key={v}>{v}</option>
            ))}
          </select>
        </label>
        <div className="field wide">
          <label htmlFor={`${id}-body`}>Body</label>
          <small id={`${id}-columns`} className="muted">
            {model
              ? `Columns, in order: ${featureColumns(model)
                  .map((c) => c.name)
                  .join(', ')}`
              : 'Loading the model’s columns…'}
          </small>
          <textarea
            id={`${id}-body`}
            rows={contentType === 'application/json' ? 8 : 4}
            spellCheck={false}
            aria-describedby={`${id}-columns`}
            value={body}
            onChange={(e) => setEdited(e.target.value)}
          />
        </div>
        <div className="row wide">
          <button type="submit" className="primary" disabled={!serving || invoke.isPending}>
            Send
          </button>
          {edited !== undefined && model && (
            <button type="button" onClick={() => setEdited(undefined)}>
              Use the example
            </button>
          )}
          {!serving && <span className="muted">The endpoint answers once it is InService.</span>}
        </div>
      </form>
      {invoke.data && <ResponseView {...invoke.data} />}
    </>
  );
}

function InvokeForModel(props: { endpoint: Endpoint; variants: readonly string[]; modelName: string }) {
  const model = useModel(props.modelName);
  return <InvokeWithModel endpoint={props.endpoint} variants={props.variants} model={model.data} />;
}

/** The Invoke region; the example body comes from the config's first variant's model. */
export function InvokeEndpoint({
  endpoint,
  config,
}: {
  endpoint: Endpoint;
  config: EndpointConfig | undefined;
}) {
  const first = config?.variants[0];
  return (
    <section className="card" aria-labelledby="endpoint-invoke-title">
      <h2 id="endpoint-invoke-title">Invoke</h2>
      {config && first ? (
        <InvokeForModel
          endpoint={endpoint}
          variants={config.variants.map((v) => v.name)}
          modelName={first.model}
        />
      ) : (
        <p className="muted">Loading…</p>
      )}
    </section>
  );
}
