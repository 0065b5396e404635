import { type FormEvent, useState } from 'react';
import { Link, useLocation, useSearch } from 'wouter';

import { useJobKinds, useJobs, useSubmitJob } from '../api/jobs/index.js';
import { formatTime } from '../components/format.js';
import { ProgressBar } from '../components/progress-bar.js';
import { errorMessage, useToast } from '../components/toasts.js';

const STATES = ['', 'Pending', 'InProgress', 'Completed', 'Failed', 'Stopping', 'Stopped'] as const;

/** The registered job kinds, as <option>s. */
function KindOptions() {
  const kinds = useJobKinds();
  return (
    <>
      {kinds.data?.map((k) => (
        <option key={k.kind} value={k.kind}>
          {k.kind}
        </option>
      ))}
    </>
  );
}

function NewJobForm({ onClose }: { onClose: () => void }) {
  const kinds = useJobKinds();
  const submit = useSubmitJob();
  const toast = useToast();
  const [, navigate] = useLocation();
  const [kind, setKind] = useState('diagnostic.sleep');
  const [name, setName] = useState('');
  const [input, setInput] = useState('{"seconds": 5, "steps": 10}');

  async function start(e: FormEvent) {
    e.preventDefault();
    let parsed: unknown;
    try {
      parsed = JSON.parse(input);
    } catch (err) {
      toast(`Input is not valid JSON: ${errorMessage(err)}`);
      return;
    }
    try {
      const job = await submit.mutateAsync({ kind, input: parsed, ...(name ? { name } : {}) });
      onClose();
      navigate(`/jobs/${encodeURIComponent(job.name)}`);
    } catch (err) {
      toast(`Could not start the job: ${errorMessage(err)}`);
    }
  }

  return (
    <form className="card" onSubmit={start} aria-label="New job">
      <div className="row">
        <label>
          Kind
          <select value={kind} onChange={(e) => setKind(e.target.value)}>
            <KindOptions />
          </select>
        </label>
        <label>
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} placeholder="generated when empty" />
        </label>
      </div>
      <p className="muted">{kinds.data?.find((k) => k.kind === kind)?.description}</p>
      <label>
        Input (JSON)
        <textarea rows={4} value={input} onChange={(e) => setInput(e.target.value)} />
      </label>
      <div className="row" style={{ marginTop: 8 }}>
        <button type="submit" className="primary" disabled={submit.isPending}>
          Start job
        </button>
        <button type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** Jobs with filters by kind and state (kept in the URL, so filtered views can be linked). */
export default function JobsPage() {
  const params = new URLSearchParams(useSearch());
  const [, navigate] = useLocation();
  const kind = params.get('kind') ?? '';
  const state = params.get('state') ?? '';
  const jobs = useJobs({
    limit: 100,
    ...(kind ? { kind } : {}),
    ...(state ? { state: state as 'Pending' } : {}),
  });
  const [creating, setCreating] = useState(false);
  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    navigate(`/jobs${next.size ? `?${next}` : ''}`);
  };
  return (
    <>
      <div className="row">
        <h1>Jobs</h1>
        <span className="spacer" />
        <button type="button" className="primary" onClick={() => setCreating(true)}>
          New job
        </button>
      </div>
      {creating && <NewJobForm onClose={() => setCreating(false)} />}
      <div className="row" style={{ marginBottom: 12 }}>
        <label>
          Filter by kind
          <select value={kind} onChange={(e) => setFilter('kind', e.target.value)}>
            <option value="">all kinds</option>
            <KindOptions />
          </select>
        </label>
        <label>
          Filter by state
          <select value={state} onChange={(e) => setFilter('state', e.target.value)}>
            {STATES.map((s) => (
              <option key={s} value={s}>
                {s || 'all states'}
              </option>
            ))}
          </select>
        </label>
      </div>
      {jobs.error && <p role="alert">Could not list jobs: {errorMessage(jobs.error)}</p>}
      <table>
        <thead>
          <tr>
            <th>Name</th>
            <th>Kind</th>
            <th>State</th>
            <th>Progress</th>
            <th>Status</th>
            <th>Created</th>
          </tr>
        </thead>
        <tbody>
          {jobs.data?.jobs.map((j) => (
            <tr key={j.id}>
              <td>
                <Link href={`/jobs/${encodeURIComponent(j.name)}`}>{j.name}</Link>
              </td>
              <td>{j.kind}</td>
              <td className={`state state-${j.state}`}>{j.state}</td>
              <td>
                <ProgressBar value={j.progress} label={`Progress of ${j.name}`} />
              </td>
              <td className="muted">{j.statusMessage}</td>
              <td className="muted">{formatTime(j.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {jobs.data?.jobs.length === 0 && <p className="muted">No jobs match.</p>}
    </>
  );
}
