import { type FormEvent, useId, useState } from 'react';
import { Link, useLocation } from 'wouter';

import { useCatalogNamespace } from '../../api/catalog/index.js';
import {
  type AlgorithmInfo,
  changedHyperparameters,
  defaultInputs,
  type HyperparameterInput,
  hyperparameterError,
  type TrainBody,
  useAlgorithms,
  useTrainModel,
} from '../../api/models/index.js';
import { errorMessage } from '../toasts.js';
import {
  columnsOf,
  type DataChoice,
  DataSourceField,
  dataChoice,
  dataSourceOf,
  NO_DATA,
  STORE,
} from './data-source-field.js';
import { HyperparameterFields } from './hyperparameter-fields.js';

const NAME_PATTERN = '[a-zA-Z0-9][a-zA-Z0-9\\-]{0,62}';
const SUPERVISED = new Set(['classifier', 'regressor']);

/** Whether the algorithm learns a target: always (required), sometimes (optional) or never (hidden). */
function targetUse(algorithm: AlgorithmInfo | undefined): 'required' | 'optional' | 'none' {
  const kinds = algorithm?.kinds ?? [];
  const supervised = kinds.filter((k) => SUPERVISED.has(k)).length;
  if (supervised === 0) return 'none';
  return supervised === kinds.length ? 'required' : 'optional';
}

/** The target column: a select of the table's columns when they are known, free text otherwise. */
function TargetField(props: {
  columns: string[] | undefined;
  value: string;
  required: boolean;
  onChange: (v: string) => void;
}) {
  const { columns, value, required, onChange } = props;
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>Target</label>
      {columns ? (
        <select id={id} required={required} value={value} onChange={(e) => onChange(e.target.value)}>
          <option value="">{required ? 'Choose a column' : 'None'}</option>
          {columns.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      ) : (
        <input
          id={id}
          required={required}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          placeholder="column to predict"
        />
      )}
    </div>
  );
}

function buildBody(v: {
  algorithm: AlgorithmInfo;
  data: DataChoice;
  validation: DataChoice;
  target: string;
  hyperparameters: Record<string, HyperparameterInput>;
  name: string;
  maxRuntime: string;
  seed: string;
}): TrainBody {
  const validation = dataSourceOf(v.validation);
  const hyperparameters = changedHyperparameters(v.algorithm.hyperparameters, v.hyperparameters);
  return {
    algorithm: v.algorithm.name,
    data: dataSourceOf(v.data) ?? '',
    ...(validation ? { validation } : {}),
    ...(v.target.trim() ? { target: v.target.trim() } : {}),
    ...(Object.keys(hyperparameters).length > 0 ? { hyperparameters } : {}),
    ...(v.name.trim() ? { name: v.name.trim() } : {}),
    ...(v.maxRuntime ? { maxRuntimeSeconds: Number(v.maxRuntime) } : {}),
    ...(v.seed ? { seed: Number(v.seed) } : {}),
  };
}

/**
 * SageMaker's "Create training job" for the built-in algorithms: data, target, algorithm and its
 * hyperparameters (fields generated from the algorithm's specs; only changed values are sent).
 * Starting it opens the training job's page, where the loss curves appear as it trains.
 */
export function TrainModelForm() {
  const algorithms = useAlgorithms();
  const namespace = useCatalogNamespace();
  const train = useTrainModel();
  const [, navigate] = useLocation();
  const descriptionId = useId();
  const [data, setData] = useState<DataChoice>(dataChoice(STORE));
  const [validation, setValidation] = useState<DataChoice>(dataChoice(NO_DATA));
  const [target, setTarget] = useState('');
  const [chosen, setChosen] = useState<string | undefined>();
  const [edits, setEdits] = useState<Record<string, HyperparameterInput>>({});
  const [name, setName] = useState('');
  const [maxRuntime, setMaxRuntime] = useState('');
  const [seed, setSeed] = useState('');

  const list = algorithms.data ?? [];
  const algorithm = list.find((a) => a.name === chosen) ?? list[0];
  const values = algorithm ? { ...defaultInputs(algorithm.hyperparameters), ...edits } : edits;
  const use = targetUse(algorithm);
  const columns = columnsOf(data, namespace.data);

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!algorithm) return;
    const invalid = Object.entries(algorithm.hyperparameters).some(
      ([k, spec]) => values[k] !== undefined && hyperparameterError(spec, values[k]) !== undefined,
    );
    if (invalid) return;
    const body = buildBody({
      algorithm,
      data,
      validation,
      target: use === 'none' ? '' : target,
      hyperparameters: values,
      name,
      maxRuntime,
      seed,
    });
    train.mutate(body, { onSuccess: ({ job }) => navigate(`/jobs/${encodeURIComponent(job.name)}`) });
  }

  return (
    <form className="card form-grid" onSubmit={submit} aria-label="Train model">
      <DataSourceField
        label="Data"
        prefixLabel="Data prefix"
        value={data}
        onChange={(v) => {
          setData(v);
          if (v.source !== data.source) setTarget('');
        }}
        namespace={namespace.data}
      />
      {use !== 'none' && (
        <TargetField columns={columns} value={target} required={use === 'required'} onChange={setTarget} />
      )}
      <label className="wide">
        Algorithm
        <select
          required
          value={algorithm?.name ?? ''}
          aria-describedby={descriptionId}
          onChange={(e) => {
            setChosen(e.target.value);
            setEdits({});
          }}
        >
          {list.map((a) => (
            <option key={a.name} value={a.name}>
              {a.name}
            </option>
          ))}
        </select>
      </label>
      <p id={descriptionId} className="wide muted algorithm-description">
        {algorithms.error
          ? `Could not list the algorithms: ${errorMessage(algorithms.error)}`
          : algorithm
            ? `${algorithm.description} (${algorithm.kinds.join(', ')})`
            : 'Loading algorithms…'}
      </p>
      {algorithm && (
        <div className="wide">
          <HyperparameterFields
            specs={algorithm.hyperparameters}
            values={values}
            onChange={(k, v) => setEdits((old) => ({ ...old, [k]: v }))}
          />
        </div>
      )}
      <DataSourceField
        label="Validation data"
        prefixLabel="Validation prefix"
        value={validation}
        onChange={setValidation}
        namespace={namespace.data}
        optional
      />
      <label>
        Model name
        <input
          pattern={NAME_PATTERN}
          title="Letters, digits and dashes, up to 63 characters, starting with a letter or digit"
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="generated when empty"
        />
      </label>
      <label>
        Max runtime (seconds)
        <input
          type="number"
          min={1}
          step="any"
          value={maxRuntime}
          onChange={(e) => setMaxRuntime(e.target.value)}
          placeholder="no limit"
        />
      </label>
      <label>
        Seed
        <input
          type="number"
          min={0}
          step={1}
          value={seed}
          onChange={(e) => setSeed(e.target.value)}
          placeholder="0"
        />
      </label>
      {train.error && (
        <p role="alert" className="wide alert">
          Could not start training: {errorMessage(train.error)}
        </p>
      )}
      <div className="row wide">
        <button type="submit" className="primary" disabled={!algorithm || train.isPending}>
          Start training
        </button>
        <Link href="/models" className="button">
          Cancel
        </Link>
      </div>
    </form>
  );
}
