import { type FormEvent, useState } from 'react';

import { useCatalogNamespace } from '../../api/catalog/index.js';
import {
  type Model,
  PREDICTION_FORMATS,
  type PredictionFormat,
  useScoreWithModel,
} from '../../api/models/index.js';
import { useUploadObject } from '../../api/objects/index.js';
import { ProgressBar } from '../progress-bar.js';
import { errorMessage } from '../toasts.js';
import { type DataChoice, DataSourceField, dataChoice, dataSourceOf, UPLOAD } from './data-source-field.js';

/** Hex from the browser's random source (crypto.randomUUID needs a secure context; this does not). */
function randomHex(bytes = 8): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('');
}

/** Where the predictions go: `predictions/<model>/<yyyymmdd-hhmmss>-<random>.<format>`. */
function outputKey(model: string, format: PredictionFormat, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `predictions/${model}/${stamp}-${randomHex(3)}.${format}`;
}

/**
 * Batch transform from the console: a file uploaded to `kelp-system/uploads/<random>/`, an object
 * store prefix or a catalog table, scored by a prediction job into an object of the chosen format.
 */
export function ScoreForm({ model, onStarted }: { model: Model; onStarted: (jobName: string) => void }) {
  const namespace = useCatalogNamespace();
  const upload = useUploadObject();
  const score = useScoreWithModel();
  const [choice, setChoice] = useState<DataChoice>(dataChoice(UPLOAD));
  const [format, setFormat] = useState<PredictionFormat>('csv');
  const [progress, setProgress] = useState<number | undefined>();
  const [error, setError] = useState<string | undefined>();
  const busy = upload.isPending || score.isPending;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    try {
      let data = dataSourceOf(choice);
      if (choice.source === UPLOAD && choice.file) {
        // A folder of its own: the prediction job reads every file under the prefix.
        const folder = `kelp-system/uploads/${randomHex()}/`;
        setProgress(0);
        await upload.mutateAsync({
          key: `${folder}${choice.file.name}`,
          file: choice.file,
          onProgress: (f) => setProgress(f * 100),
        });
        data = `store://${folder}`;
      }
      if (!data) return;
      const job = await score.mutateAsync({
        name: model.name,
        body: { data, output: outputKey(model.name, format) },
      });
      onStarted(job.name);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setProgress(undefined);
    }
  }

  return (
    <form className="form-grid" onSubmit={submit} aria-label="Score a file">
      <DataSourceField
        label="Source"
        prefixLabel="Store prefix or key"
        value={choice}
        onChange={setChoice}
        namespace={namespace.data}
        allowUpload
      />
      <label>
        Output format
        <select value={format} onChange={(e) => setFormat(e.target.value as PredictionFormat)}>
          {PREDICTION_FORMATS.map((f) => (
            <option key={f} value={f}>
              {f}
            </option>
          ))}
        </select>
      </label>
      {progress !== undefined && (
        <div className="wide">
          <ProgressBar value={progress} label="Upload progress" />
        </div>
      )}
      {error && (
        <p role="alert" className="wide alert">
          Could not start scoring: {error}
        </p>
      )}
      <div className="row wide">
        <button type="submit" className="primary" disabled={busy}>
          Start scoring
        </button>
      </div>
    </form>
  );
}
