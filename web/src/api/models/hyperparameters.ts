import type { AlgorithmInfo } from '../../../../src/contract/index.js';

/** One hyperparameter as an algorithm documents it (type, default, range or values). */
export type HyperparameterSpec = AlgorithmInfo['hyperparameters'][string];

/** A hyperparameter as a form holds it: text for numbers and enums, a boolean for a checkbox. */
export type HyperparameterInput = string | boolean;
export type HyperparameterValue = string | number | boolean;

/** The form value of a spec's default. */
export function defaultInput(spec: HyperparameterSpec): HyperparameterInput {
  return spec.type === 'bool' ? spec.default === true : String(spec.default);
}

/** Every hyperparameter of an algorithm at its default. */
export function defaultInputs(
  specs: Readonly<Record<string, HyperparameterSpec>>,
): Record<string, HyperparameterInput> {
  return Object.fromEntries(Object.entries(specs).map(([k, s]) => [k, defaultInput(s)]));
}

/** `step` of a number input: whole numbers for ints, anything for floats. */
export const inputStep = (spec: HyperparameterSpec): string => (spec.type === 'int' ? '1' : 'any');

/** The documented range as text (`≥ 0`, `> 0`, `from 1 to 10000`), or '' when unbounded. */
export function describeRange(spec: HyperparameterSpec): string {
  if (spec.type !== 'int' && spec.type !== 'float') return '';
  const lower = spec.min === undefined ? undefined : `${spec.exclusiveMin ? '>' : '≥'} ${spec.min}`;
  if (spec.min !== undefined && spec.max !== undefined && !spec.exclusiveMin)
    return `from ${spec.min} to ${spec.max}`;
  const upper = spec.max === undefined ? undefined : `≤ ${spec.max}`;
  return [lower, upper].filter(Boolean).join(', ');
}

/** Why a form value is not acceptable for its spec (the server's rules), or undefined when it is. */
export function hyperparameterError(
  spec: HyperparameterSpec,
  input: HyperparameterInput,
): string | undefined {
  if (spec.type === 'bool') return undefined;
  if (spec.type === 'enum') {
    return spec.values?.includes(String(input)) ? undefined : `one of ${spec.values?.join(', ')}`;
  }
  const text = String(input).trim();
  const n = Number(text);
  if (text === '' || !Number.isFinite(n)) return 'must be a number';
  if (spec.type === 'int' && !Number.isInteger(n)) return 'must be a whole number';
  const below = spec.min !== undefined && (n < spec.min || (spec.exclusiveMin === true && n === spec.min));
  const above = spec.max !== undefined && n > spec.max;
  return below || above ? `must be ${describeRange(spec)}` : undefined;
}

function typedValue(spec: HyperparameterSpec, input: HyperparameterInput): HyperparameterValue {
  if (spec.type === 'bool') return input === true;
  if (spec.type === 'enum') return String(input);
  return Number(String(input).trim());
}

/** Whether a valid form value differs from the spec's default (`0.010` is the default 0.01). */
export function isChanged(spec: HyperparameterSpec, input: HyperparameterInput): boolean {
  return hyperparameterError(spec, input) === undefined && typedValue(spec, input) !== spec.default;
}

/**
 * The hyperparameters to send: only those whose value differs from the default, typed (numbers as
 * numbers), so the server's defaults apply to everything the user left alone. Invalid values are
 * skipped; the form refuses to submit while `hyperparameterError` reports any.
 */
export function changedHyperparameters(
  specs: Readonly<Record<string, HyperparameterSpec>>,
  inputs: Readonly<Record<string, HyperparameterInput>>,
): Record<string, HyperparameterValue> {
  const out: Record<string, HyperparameterValue> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const input = inputs[name];
    if (input !== undefined && isChanged(spec, input)) out[name] = typedValue(spec, input);
  }
  return out;
}
