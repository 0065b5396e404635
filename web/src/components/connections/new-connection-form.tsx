import { type FormEvent, useState } from 'react';

import { type ConnectionEngine, DEFAULT_PORTS, useCreateConnection } from '../../api/connections/index.js';
import { errorMessage } from '../toasts.js';

/** A database connection; the password is sent once, to the server's secret store. */
export function NewConnectionForm({ onClose }: { onClose: () => void }) {
  const create = useCreateConnection();
  const [name, setName] = useState('');
  const [engine, setEngine] = useState<ConnectionEngine>('postgresql');
  const [host, setHost] = useState('');
  const [port, setPort] = useState('');
  const [database, setDatabase] = useState('');
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');

  function submit(e: FormEvent) {
    e.preventDefault();
    create.mutate(
      {
        name: name.trim(),
        engine,
        host: host.trim(),
        port: port ? Number(port) : DEFAULT_PORTS[engine],
        database: database.trim(),
        user: user.trim(),
        ...(password ? { password } : {}),
      },
      {
        onSuccess: () => {
          setPassword('');
          onClose();
        },
      },
    );
  }

  return (
    <form className="card form-grid" onSubmit={submit} aria-label="New connection">
      <label>
        Name
        <input required value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label>
        Engine
        <select value={engine} onChange={(e) => setEngine(e.target.value as ConnectionEngine)}>
          <option value="postgresql">PostgreSQL</option>
          <option value="mysql">MySQL / MariaDB</option>
        </select>
      </label>
      <label>
        Host
        <input required value={host} onChange={(e) => setHost(e.target.value)} placeholder="127.0.0.1" />
      </label>
      <label>
        Port
        <input
          type="number"
          min={1}
          max={65535}
          value={port}
          onChange={(e) => setPort(e.target.value)}
          placeholder={String(DEFAULT_PORTS[engine])}
        />
      </label>
      <label>
        Database
        <input required value={database} onChange={(e) => setDatabase(e.target.value)} />
      </label>
      <label>
        User
        <input required autoComplete="off" value={user} onChange={(e) => setUser(e.target.value)} />
      </label>
      <label>
        Password
        <input
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </label>
      {create.error && (
        <p role="alert" className="wide">
          Could not create the connection: {errorMessage(create.error)}
        </p>
      )}
      <div className="row wide">
        <button type="submit" className="primary" disabled={create.isPending}>
          Create connection
        </button>
        <button type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}
