/**
 * The deploy form as data: variants as the user types them, the server's rules checked field by
 * field, and the typed variants to send. No React here.
 */
import type { Variant } from '../../../../src/contract/index.js';

/** The server's name rule (contract NAME), repeated so the console does not bundle the schemas. */
export const NAME_RULE = /^[a-zA-Z0-9][a-zA-Z0-9-]{0,62}$/;
export const NAME_HINT = 'letters, digits and dashes, up to 63 characters, starting with a letter or digit';
/** Variants per config (the contract's maxItems). */
export const MAX_VARIANTS = 10;
export const MAX_WORKERS = 64;

export interface VariantInput {
  readonly name: string;
  readonly model: string;
  readonly weight: string;
  readonly workers: string;
}

export interface DeploymentInput {
  readonly name: string;
  readonly variants: readonly VariantInput[];
}

export interface VariantErrors {
  name?: string;
  model?: string;
  weight?: string;
  workers?: string;
}

export interface DeploymentErrors {
  name?: string;
  variants: VariantErrors[];
  /** About the variants together: every weight 0. */
  weights?: string;
}

/**
 * A variant to add beside those named `taken`: AllTraffic first, as SageMaker names a single
 * variant, then the first free `Variant2`, `Variant3`, ...
 */
export function newVariant(taken: readonly string[], model = ''): VariantInput {
  let name = 'AllTraffic';
  for (let k = 2; taken.includes(name); k++) name = `Variant${k}`;
  return { name, model, weight: '1', workers: '1' };
}

function nameError(what: string, value: string): string | undefined {
  if (value.trim() === '') return `${what} is required`;
  return NAME_RULE.test(value.trim()) ? undefined : `${what}: ${NAME_HINT}`;
}

const numberOf = (text: string): number => (text.trim() === '' ? Number.NaN : Number(text));

function variantErrors(v: VariantInput, duplicate: boolean): VariantErrors {
  const errors: VariantErrors = {};
  const name = nameError('Variant name', v.name) ?? (duplicate ? 'Variant names must differ' : undefined);
  if (name) errors.name = name;
  if (v.model === '') errors.model = 'Choose a model';
  const weight = numberOf(v.weight);
  if (!Number.isFinite(weight) || weight < 0) errors.weight = 'Weight must be a number ≥ 0';
  const workers = numberOf(v.workers);
  if (!Number.isInteger(workers) || workers < 1 || workers > MAX_WORKERS)
    errors.workers = `Workers must be a whole number from 1 to ${MAX_WORKERS}`;
  return errors;
}

/** What is wrong with the form, by field (the server's rules, so a valid form is accepted). */
export function deploymentErrors(d: DeploymentInput): DeploymentErrors {
  const names = d.variants.map((v) => v.name.trim());
  const errors: DeploymentErrors = {
    variants: d.variants.map((v, i) => variantErrors(v, names.indexOf(names[i]!) !== i)),
  };
  const name = nameError('Endpoint name', d.name);
  if (name) errors.name = name;
  if (d.variants.length > 0 && d.variants.every((v) => !(numberOf(v.weight) > 0)))
    errors.weights = 'At least one variant needs a weight above 0';
  return errors;
}

export function hasErrors(e: DeploymentErrors): boolean {
  return e.name !== undefined || e.weights !== undefined || e.variants.some((v) => Object.keys(v).length > 0);
}

/** The variants to send, typed; call only on a form without errors. */
export function toVariants(d: DeploymentInput): Variant[] {
  return d.variants.map((v) => ({
    name: v.name.trim(),
    model: v.model,
    initialWeight: Number(v.weight),
    workers: Number(v.workers),
  }));
}

/**
 * A new config's name: the endpoint's, then the time in base 36 (`penguins-mb3k2x1a`), cut so the
 * whole stays within the 63 characters names may have.
 */
export function configNameFor(endpoint: string, now = Date.now()): string {
  const stamp = now.toString(36);
  return `${endpoint.slice(0, 62 - stamp.length)}-${stamp}`;
}
