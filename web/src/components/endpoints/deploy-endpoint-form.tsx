import { type FormEvent, type ReactNode, useId, useState } from 'react';
import { Link, useLocation } from 'wouter';

import {
  type DeploymentInput,
  deploymentErrors,
  hasErrors,
  MAX_VARIANTS,
  MAX_WORKERS,
  NAME_HINT,
  newVariant,
  toVariants,
  useDeployEndpoint,
  useEndpoints,
  type VariantErrors,
  type VariantInput,
} from '../../api/endpoints/index.js';
import { useModels } from '../../api/models/index.js';
import { errorMessage } from '../toasts.js';

interface ControlProps {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

/** A labelled control with its help and its error, both read out with it. */
function Field(props: {
  label: string;
  error: string | undefined;
  help?: string;
  className?: string;
  children: (control: ControlProps) => ReactNode;
}) {
  const id = useId();
  const described = [props.help && `${id}-help`, props.error && `${id}-error`].filter(Boolean).join(' ');
  return (
    <div className={`field ${props.className ?? ''}`}>
      <label htmlFor={id}>{props.label}</label>
      {props.children({
        id,
        'aria-invalid': props.error ? true : undefined,
        'aria-describedby': described || undefined,
      })}
      {props.help && (
        <small id={`${id}-help`} className="muted">
          {props.help}
        </small>
      )}
      {props.error && (
        <small id={`${id}-error`} className="field-error">
          {props.error}
        </small>
      )}
    </div>
  );
}

function VariantFields(props: {
  index: number;
  variant: VariantInput;
  errors: VariantErrors;
  models: readonly string[];
  removable: boolean;
  onChange: (patch: Partial<VariantInput>) => void;
  onRemove: () => void;
}) {
  const { index, variant: v, errors, onChange } = props;
  const title = `Variant ${index + 1}`;
  return (
    <fieldset className="variant-fields wide">
      <legend>{title}</legend>
      <Field label="Variant name" error={errors.name}>
        {(c) => <input {...c} value={v.name} onChange={(e) => onChange({ name: e.target.value })} />}
      </Field>
      <Field label="Model" error={errors.model}>
        {(c) => (
          <select {...c} value={v.model} onChange={(e) => onChange({ model: e.target.value })}>
            <option value="">Choose a model</option>
            {/* The prefilled model shows even before the list arrives. */}
            {[...new Set([...(v.model ? [v.model] : []), ...props.models])].map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Weight" error={errors.weight} help="share of traffic, relative to the others">
        {(c) => (
          <input
            {...c}
            type="number"
            min={0}
            step="any"
            value={v.weight}
            onChange={(e) => onChange({ weight: e.target.value })}
          />
        )}
      </Field>
      <Field label="Workers" error={errors.workers} help={`threads serving it, 1 to ${MAX_WORKERS}`}>
        {(c) => (
          <input
            {...c}
            type="number"
            min={1}
            max={MAX_WORKERS}
            step={1}
            value={v.workers}
            onChange={(e) => onChange({ workers: e.target.value })}
          />
        )}
      </Field>
      <div className="variant-remove">
        <button
          type="button"
          onClick={props.onRemove}
          disabled={!props.removable}
          aria-label={`Remove variant ${index + 1}`}
        >
          Remove variant
        </button>
      </div>
    </fieldset>
  );
}

/**
 * SageMaker's "Create endpoint" in one form: the endpoint's name and its production variants (model,
 * weight, workers). Deploying creates a config from the variants and the endpoint, or switches an
 * existing endpoint of that name to it without downtime, then opens the endpoint's page.
 */
export function DeployEndpointForm({ model }: { model?: string }) {
  const models = useModels();
  const endpoints = useEndpoints();
  const deploy = useDeployEndpoint();
  const [, navigate] = useLocation();
  const [form, setForm] = useState<DeploymentInput>(() => ({
    name: model ?? '',
    variants: [newVariant([], model)],
  }));
  // Errors show on a field once it is edited, and on every field after a submit.
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [attempted, setAttempted] = useState(false);
  const errors = deploymentErrors(form);
  const shown = (key: string, error: string | undefined) =>
    attempted || touched.has(key) ? error : undefined;
  const touch = (key: string) => setTouched((t) => new Set(t).add(key));
  const modelNames = models.data?.map((m) => m.name) ?? [];
  const exists = endpoints.data?.some((e) => e.name === form.name.trim()) ?? false;

  const setVariant = (i: number, patch: Partial<VariantInput>) => {
    for (const k of Object.keys(patch)) touch(`${i}.${k}`);
    if ('weight' in patch) touch('weights');
    setForm((f) => ({ ...f, variants: f.variants.map((v, j) => (j === i ? { ...v, ...patch } : v)) }));
  };

  function submit(e: FormEvent) {
    e.preventDefault();
    setAttempted(true);
    if (hasErrors(errors)) return;
    deploy.mutate(
      { name: form.name.trim(), variants: toVariants(form) },
      { onSuccess: (endpoint) => navigate(`/endpoints/${encodeURIComponent(endpoint.name)}`) },
    );
  }

  return (
    <form className="card form-grid" onSubmit={submit} aria-label="Deploy model" noValidate>
      <Field
        label="Endpoint name"
        className="wide"
        error={shown('name', errors.name)}
        help={
          exists
            ? `${form.name.trim()} exists: deploying switches it to these variants without downtime`
            : NAME_HINT
        }
      >
        {(c) => (
          <input
            {...c}
            value={form.name}
            onChange={(e) => {
              touch('name');
              setForm((f) => ({ ...f, name: e.target.value }));
            }}
          />
        )}
      </Field>
      {form.variants.map((v, i) => (
        <VariantFields
          // VariantFields holds no state of its own (every input is controlled), so an index key stays
          // right even when a variant in the middle is removed.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above.
          key={i}
          index={i}
          variant={v}
          errors={Object.fromEntries(
            Object.entries(errors.variants[i] ?? {}).filter(([k]) => attempted || touched.has(`${i}.${k}`)),
          )}
          models={modelNames}
          removable={form.variants.length > 1}
          onChange={(patch) => setVariant(i, patch)}
          onRemove={() => setForm((f) => ({ ...f, variants: f.variants.filter((_, j) => j !== i) }))}
        />
      ))}
      <div className="row wide">
        <button
          type="button"
          disabled={form.variants.length >= MAX_VARIANTS}
          onClick={() =>
            setForm((f) => ({
              ...f,
              variants: [
                ...f.variants,
                newVariant(
                  f.variants.map((v) => v.name.trim()),
                  model,
                ),
              ],
            }))
          }
        >
          Add variant
        </button>
        {shown('weights', errors.weights) && <span className="field-error">{errors.weights}</span>}
      </div>
      {models.error && (
        <p role="alert" className="wide alert">
          Could not list the models: {errorMessage(models.error)}
        </p>
      )}
      {deploy.error && (
        <p role="alert" className="wide alert">
          Could not deploy: {errorMessage(deploy.error)}
        </p>
      )}
      <div className="row wide">
        <button type="submit" className="primary" disabled={deploy.isPending}>
          Deploy
        </button>
        <Link href="/endpoints" className="button">
          Cancel
        </Link>
      </div>
    </form>
  );
}
