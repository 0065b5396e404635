import { readFileSync } from 'node:fs';

import type { Command } from 'commander';

import { invalidArgument } from '../../core/index.js';
import { withConnection } from '../connect.js';
import { printJson, printTable } from '../output.js';

/** The password from --password-env or --password-stdin; never from an argument (it would land in shell history). */
function readPassword(opts: { passwordEnv?: string; passwordStdin?: boolean }): string | undefined {
  if (opts.passwordEnv) {
    const value = process.env[opts.passwordEnv];
    if (value === undefined)
      throw invalidArgument(`--password-env ${opts.passwordEnv}: the variable is not set`);
    return value;
  }
  if (opts.passwordStdin) return readFileSync(0, 'utf8').replace(/\r?\n$/, '');
  return undefined;
}

/** `kelp connection create|ls|describe|test|rm` */
export function registerConnection(program: Command): void {
  const connection = program
    .command('connection')
    .description('database connections (PostgreSQL, MySQL/MariaDB) for crawling and queries');
  connection
    .command('create <name>')
    .description('register a database; the password goes to the encrypted secret store')
    .requiredOption('--engine <engine>', 'postgresql | mysql')
    .option('--host <host>', 'server host (default 127.0.0.1)', '127.0.0.1')
    .option('--port <port>', 'server port (default 5432 / 3306)', (v) => Number(v))
    .requiredOption('--database <name>', 'database to read')
    .requiredOption('--user <user>', 'user name')
    .option('--password-env <VAR>', 'read the password from this environment variable')
    .option('--password-stdin', 'read the password from standard input')
    .option('--description <text>', 'what it is')
    .action(
      async (
        name: string,
        opts: {
          engine: string;
          host: string;
          port?: number;
          database: string;
          user: string;
          passwordEnv?: string;
          passwordStdin?: boolean;
          description?: string;
        },
        cmd: Command,
      ) => {
        if (opts.engine !== 'postgresql' && opts.engine !== 'mysql')
          throw invalidArgument(`--engine ${opts.engine}: use postgresql or mysql`);
        const password = readPassword(opts);
        await withConnection(cmd, async (conn, g) => {
          const c = await conn.client.connections.create({
            name,
            engine: opts.engine as 'postgresql' | 'mysql',
            host: opts.host,
            ...(opts.port ? { port: opts.port } : {}),
            database: opts.database,
            user: opts.user,
            ...(password !== undefined ? { password } : {}),
            ...(opts.description ? { description: opts.description } : {}),
          });
          if (g.json) return printJson(c);
          process.stdout.write(
            `created connection ${c.name} (${c.engine}://${c.user}@${c.host}:${c.port}/${c.database})\n`,
          );
        });
      },
    );
  connection
    .command('ls')
    .description('list connections')
    .action(async (_o: unknown, cmd: Command) => {
      await withConnection(cmd, async (conn, g) => {
        const all = await conn.client.connections.list();
        if (g.json) return printJson(all);
        printTable(
          ['NAME', 'ENGINE', 'HOST', 'DATABASE', 'USER', 'PASSWORD'],
          all.map((c) => [
            c.name,
            c.engine,
            `${c.host}:${c.port}`,
            c.database,
            c.user,
            c.hasPassword ? 'stored' : 'none',
          ]),
        );
      });
    });
  connection
    .command('describe <name>')
    .description('a connection (never its password)')
    .action(async (name: string, _o: unknown, cmd: Command) => {
      await withConnection(cmd, async (conn, g) => {
        const c = await conn.client.connections.get(name);
        if (g.json) return printJson(c);
        printTable(
          ['FIELD', 'VALUE'],
          Object.entries(c).map(([k, v]) => [k, String(v)]),
        );
      });
    });
  connection
    .command('test <name>')
    .description('connect and report the server version')
    .action(async (name: string, _o: unknown, cmd: Command) => {
      await withConnection(cmd, async (conn, g) => {
        const r = await conn.client.connections.test(name);
        if (g.json) return printJson(r);
        process.stdout.write(`ok: ${r.serverVersion}\n`);
      });
    });
  connection
    .command('rm <name>')
    .description('delete a connection and its stored password')
    .action(async (name: string, _o: unknown, cmd: Command) => {
      await withConnection(cmd, async (conn) => {
        await conn.client.connections.delete(name);
        process.stdout.write(`deleted connection ${name}\n`);
      });
    });
}
