import type { Connection, CreateConnectionBody } from '../../../../src/contract/index.js';
import { kelp } from '../client.js';

export type { Connection, CreateConnectionBody };

export type ConnectionEngine = Connection['engine'];

/** The engines' usual ports, used when the form leaves Port empty. */
export const DEFAULT_PORTS: Record<ConnectionEngine, number> = { postgresql: 5432, mysql: 3306 };

export const connectionsApi = {
  list: (): Promise<Connection[]> => kelp.connections.list(),
  /** The password goes to the server's secret store; no answer ever carries it back. */
  create: (body: CreateConnectionBody): Promise<Connection> => kelp.connections.create(body),
  remove: (name: string): Promise<void> => kelp.connections.delete(name),
  test: (name: string): Promise<{ serverVersion: string }> => kelp.connections.test(name),
};
