import { type ReactNode, useEffect, useId, useRef } from 'react';

import {
  defaultInput,
  describeRange,
  type HyperparameterInput,
  type HyperparameterSpec,
  hyperparameterError,
  inputStep,
  isChanged,
} from '../../api/models/index.js';

function helpText(spec: HyperparameterSpec, changed: boolean): string {
  const sentence = /[.!?)]$/.test(spec.description) ? spec.description : `${spec.description}.`;
  const range = describeRange(spec);
  const kind =
    spec.type === 'int' || spec.type === 'float' ? `${spec.type}${range ? ` ${range}` : ''}; ` : '';
  return `${sentence} ${kind}default ${String(spec.default)}${changed ? ' (changed)' : ''}`;
}

/**
 * One hyperparameter: a number input with the documented min/max/step, a select for an enum, a
 * checkbox for a bool. Its name is its label; the description and range are its help text. A value
 * outside the range is reported on the field and keeps the form from submitting.
 */
function HyperparameterField(props: {
  name: string;
  spec: HyperparameterSpec;
  value: HyperparameterInput;
  onChange: (v: HyperparameterInput) => void;
}) {
  const { name, spec, value, onChange } = props;
  const id = useId();
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  const error = hyperparameterError(spec, value);
  const input = useRef<HTMLInputElement>(null);
  // Native validation knows min/max/step, not an exclusive minimum: the same rule as the server's.
  useEffect(() => input.current?.setCustomValidity(error ? `${name} ${error}` : ''), [error, name]);
  const changed = isChanged(spec, value);
  const described = error ? `${helpId} ${errorId}` : helpId;

  let control: ReactNode;
  if (spec.type === 'bool') {
    control = (
      <label className="inline mono" htmlFor={id}>
        <input
          id={id}
          type="checkbox"
          checked={value === true}
          aria-describedby={described}
          onChange={(e) => onChange(e.target.checked)}
        />
        {name}
      </label>
    );
  } else if (spec.type === 'enum') {
    control = (
      <>
        <label className="mono" htmlFor={id}>
          {name}
        </label>
        <select
          id={id}
          value={String(value)}
          aria-describedby={described}
          onChange={(e) => onChange(e.target.value)}
        >
          {(spec.values ?? []).map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
        </select>
      </>
    );
  } else {
    control = (
      <>
        <label className="mono" htmlFor={id}>
          {name}
        </label>
        <input
          ref={input}
          id={id}
          type="number"
          required
          min={spec.min}
          max={spec.max}
          step={inputStep(spec)}
          value={String(value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={described}
          onChange={(e) => onChange(e.target.value)}
        />
      </>
    );
  }
  return (
    <div className={`hp-field${changed ? ' changed' : ''}`}>
      {control}
      <small id={helpId} className="muted">
        {helpText(spec, changed)}
      </small>
      {error && (
        <small id={errorId} className="field-error">
          {name} {error}
        </small>
      )}
    </div>
  );
}

/** An algorithm's hyperparameters as form fields, generated from its specs. */
export function HyperparameterFields(props: {
  specs: Readonly<Record<string, HyperparameterSpec>>;
  values: Readonly<Record<string, HyperparameterInput>>;
  onChange: (name: string, value: HyperparameterInput) => void;
}) {
  const entries = Object.entries(props.specs);
  return (
    <fieldset className="hp-grid">
      <legend>Hyperparameters</legend>
      {entries.length === 0 && <p className="muted">This algorithm has no hyperparameters.</p>}
      {entries.map(([name, spec]) => (
        <HyperparameterField
          key={name}
          name={name}
          spec={spec}
          value={props.values[name] ?? defaultInput(spec)}
          onChange={(v) => props.onChange(name, v)}
        />
      ))}
    </fieldset>
  );
}
