import { randomBytes, randomUUID } from 'node:crypto';

import mysql from 'mysql2/promise';

/** MariaDB's unix socket: root logs in there (as the OS root user), never over TCP. */
export const MARIADB_SOCKET = process.env.KELP_TEST_MARIADB_SOCKET ?? '/run/mysqld/mysqld.sock';
export const MARIADB_HOST = process.env.KELP_TEST_MARIADB_HOST ?? '127.0.0.1';
export const MARIADB_PORT = Number(process.env.KELP_TEST_MARIADB_PORT ?? 3306);

export interface FreshMariaDatabase {
  /** A connection spec (TCP, the fresh user) for the fresh database. */
  readonly spec: { engine: 'mysql'; host: string; port: number; database: string; user: string };
  readonly password: string;
  /** Drops the database and the user. */
  drop(): Promise<void>;
}

async function asRoot<T>(work: (admin: mysql.Connection) => Promise<T>): Promise<T> {
  const admin = await mysql.createConnection({ socketPath: MARIADB_SOCKET, user: 'root' });
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

/**
 * Creates a fresh database and a fresh user with a password and all privileges on it (through the
 * socket as root), for one test file to use over TCP.
 */
export async function freshMariaDatabase(): Promise<FreshMariaDatabase> {
  const suffix = randomUUID().replace(/-/g, '').slice(0, 16);
  const database = `kelp_test_${suffix}`;
  const user = `kelp_${suffix}`;
  // A quote and a backslash check that nothing builds SQL or URLs from the password unescaped.
  const password = `pw'\\${randomBytes(9).toString('base64url')}`;
  await asRoot(async (admin) => {
    await admin.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4`);
    await admin.query('CREATE USER ?@? IDENTIFIED BY ?', [user, '%', password]);
    await admin.query(`GRANT ALL PRIVILEGES ON \`${database}\`.* TO ?@?`, [user, '%']);
  });
  return {
    spec: { engine: 'mysql', host: MARIADB_HOST, port: MARIADB_PORT, database, user },
    password,
    drop: () =>
      asRoot(async (admin) => {
        await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
        await admin.query('DROP USER IF EXISTS ?@?', [user, '%']);
      }),
  };
}
