import { useState } from 'react';

import {
  type Connection,
  useConnections,
  useDeleteConnection,
  useTestConnection,
} from '../api/connections/index.js';
import { ConfirmDialog } from '../components/confirm-dialog.js';
import { NewConnectionForm } from '../components/connections/new-connection-form.js';
import { errorMessage, useToast } from '../components/toasts.js';

type TestOutcome = { ok: true; text: string } | { ok: false; text: string };

function ConnectionRow(props: { connection: Connection; onDelete: () => void }) {
  const c = props.connection;
  const test = useTestConnection();
  const [outcome, setOutcome] = useState<TestOutcome | undefined>();
  const run = () => {
    setOutcome(undefined);
    test.mutate(c.name, {
      onSuccess: (r) => setOutcome({ ok: true, text: `Connected: ${r.serverVersion}` }),
      onError: (err) => setOutcome({ ok: false, text: `Failed: ${errorMessage(err)}` }),
    });
  };
  return (
    <tr>
      <td className="mono">{c.name}</td>
      <td>{c.engine}</td>
      <td className="mono">
        {c.host}:{c.port}
      </td>
      <td className="mono">{c.database}</td>
      <td className="mono">{c.user}</td>
      <td>{c.hasPassword ? 'stored' : <span className="muted">none</span>}</td>
      <td>
        <div className="row">
          <button
            type="button"
            onClick={run}
            disabled={test.isPending}
            aria-label={`Test connection ${c.name}`}
          >
            {test.isPending ? 'Testing…' : 'Test connection'}
          </button>
          <button type="button" className="danger" onClick={props.onDelete} aria-label={`Delete ${c.name}`}>
            Delete
          </button>
        </div>
        <div role="status" className={outcome?.ok === false ? 'test-failed' : 'test-ok'}>
          {outcome?.text}
        </div>
      </td>
    </tr>
  );
}

/** Database connections (PostgreSQL, MySQL) that crawlers and queries read through. */
export default function ConnectionsPage() {
  const connections = useConnections();
  const remove = useDeleteConnection();
  const toast = useToast();
  const [creating, setCreating] = useState(false);
  const [toDelete, setToDelete] = useState<string | undefined>();
  return (
    <>
      <div className="row">
        <h1>Connections</h1>
        <span className="spacer" />
        <button type="button" className="primary" onClick={() => setCreating(true)}>
          New connection
        </button>
      </div>
      {creating && <NewConnectionForm onClose={() => setCreating(false)} />}
      {connections.error && <p role="alert">Could not list connections: {errorMessage(connections.error)}</p>}
      <table aria-label="Connections">
        <thead>
          <tr>
            <th>Name</th>
            <th>Engine</th>
            <th>Host</th>
            <th>Database</th>
            <th>User</th>
            <th>Password</th>
            <th>Actions</th>
          </tr>
        </thead>
        <tbody>
          {connections.data?.map((c) => (
            <ConnectionRow key={c.name} connection={c} onDelete={() => setToDelete(c.name)} />
          ))}
        </tbody>
      </table>
      {connections.data?.length === 0 && !creating && (
        <p className="muted">No connections. A connection lets crawlers and queries read a database.</p>
      )}
      <ConfirmDialog
        open={toDelete !== undefined}
        title="Delete connection?"
        message={`${toDelete ?? ''} and its stored password will be deleted. Tables that read through it stop working.`}
        confirmLabel="Delete"
        onCancel={() => setToDelete(undefined)}
        onConfirm={() => {
          const name = toDelete!;
          setToDelete(undefined);
          remove.mutate(name, { onError: (err) => toast(`Could not delete ${name}: ${errorMessage(err)}`) });
        }}
      />
    </>
  );
}
