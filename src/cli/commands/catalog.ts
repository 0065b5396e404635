import type { Command } from 'commander';

import { withConnection } from '../connect.js';
import { formatBytes, printJson, printTable } from '../output.js';

const when = (iso: string) => iso.slice(0, 19).replace('T', ' ');
const count = (n: number | null) => (n === null ? '-' : n.toLocaleString('en-US'));

/** `kelp catalog databases|tables|table|partitions|versions|sample|create-database|drop-table` */
export function registerCatalog(program: Command): void {
  const catalog = program
    .command('catalog')
    .description('browse the data catalog: databases, tables, partitions');

  catalog
    .command('databases')
    .description('list databases')
    .action(async (_o: unknown, cmd: Command) => {
      await withConnection(cmd, async (conn, g) => {
        const dbs = await conn.client.catalog.databases();
        if (g.json) return printJson(dbs);
        printTable(
          ['DATABASE', 'TABLES', 'UPDATED', 'DESCRIPTION'],
          dbs.map((d) => [d.name, d.tableCount, when(d.updatedAt), d.description]),
        );
      });
    });

  catalog
    .command('create-database <name>')
    .description('create an empty database')
    .option('--description <text>', 'what it holds')
    .action(async (name: string, opts: { description?: string }, cmd: Command) => {
      await withConnection(cmd, async (conn, g) => {
        const db = await conn.client.catalog.createDatabase({
          name,
          ...(opts.description ? { description: opts.description } : {}),
        });
        if (g.json) return printJson(db);
        process.stdout.write(`created database ${db.name}\n`);
      });
    });

  catalog
    .command('tables <database>')
    .description('list the tables of a database')
    .action(async (database: string, _o: unknown, cmd: Command) => {
      await withConnection(cmd, async (conn, g) => {
        const tables = await conn.client.catalog.tables(database);
        if (g.json) return printJson(tables);
        printTable(
          ['TABLE', 'FORMAT', 'COLUMNS', 'PARTITIONS', 'ROWS', 'SIZE', 'VERSION', 'LOCATION'],
          tables.map((t) => [
            `${t.name}${t.deprecated ? ' (deprecated)' : ''}`,
            t.format,
            t.columns.length,
            t.partitionCount,
            count(t.rowCount),
            t.sizeBytes === null ? '-' : formatBytes(t.sizeBytes),
            t.version,
            t.location,
          ]),
        );
      });
    });

  catalog
    .command('table <database.table>')
    .description('describe a table: location, format, columns, partition keys, statistics')
    .action(async (ref: string, _o: unknown, cmd: Command) => {
      await withConnection(cmd, async (conn, g) => {
        const [db, name] = splitRef(ref);
        const t = await conn.client.catalog.table(db, name);
        if (g.json) return printJson(t);
        printTable(
          ['FIELD', 'VALUE'],
          [
            ['table', `${t.database}.${t.name}`],
            ['location', t.location],
            ['format', `${t.format} ${JSON.stringify(t.formatOptions)}`],
            ['rows (estimate)', count(t.rowCount)],
            ['size', t.sizeBytes === null ? '-' : formatBytes(t.sizeBytes)],
            ['files', count(t.fileCount)],
            ['partitions', t.partitionCount],
            ['version', t.version],
            ['deprecated', t.deprecated ? 'yes' : 'no'],
            ['crawler', t.crawler ?? '-'],
            ['updated', when(t.updatedAt)],
          ],
        );
        process.stdout.write('\n');
        printTable(
          ['COLUMN', 'TYPE', 'PARTITION KEY'],
          [
            ...t.columns.map((c) => [c.name, c.type, '']),
            ...t.partitionKeys.map((c) => [c.name, c.type, 'yes']),
          ],
        );
      });
    });

  catalog
    .command('partitions <database.table>')
    .description('list the partitions of a table')
    .action(async (ref: string, _o: unknown, cmd: Command) => {
      await withConnection(cmd, async (conn, g) => {
        const [db, name] = splitRef(ref);
        const table = await conn.client.catalog.table(db, name);
        const partitions = await conn.client.catalog.partitions(db, name);
        if (g.json) return printJson(partitions);
        printTable(
          [...table.partitionKeys.map((k) => k.name.toUpperCase()), 'FILES', 'SIZE', 'LOCATION'],
          partitions.map((p) => [...p.values, p.fileCount, formatBytes(p.sizeBytes), p.location]),
        );
      });
    });

  catalog
    .command('versions <database.table>')
    .description('the versions of a table schema, newest first')
    .action(async (ref: string, _o: unknown, cmd: Command) => {
      await withConnection(cmd, async (conn, g) => {
        const [db, name] = splitRef(ref);
        const versions = await conn.client.catalog.versions(db, name);
        if (g.json) return printJson(versions);
        printTable(
          ['VERSION', 'CREATED', 'COLUMNS', 'REASON'],
          versions.map((v) => [
            v.version,
            when(v.createdAt),
            v.columns.map((c) => `${c.name}:${c.type}`).join(', '),
            v.reason,
          ]),
        );
      });
    });

  catalog
    .command('sample <database.table>')
    .description('the first rows of a table')
    .option('--limit <n>', 'rows (default 20)', (v) => Number(v))
    .action(async (ref: string, opts: { limit?: number }, cmd: Command) => {
      await withConnection(cmd, async (conn, g) => {
        const [db, name] = splitRef(ref);
        const sample = await conn.client.catalog.sample(db, name, opts.limit ?? 20);
        if (g.json) return printJson(sample);
        printTable(
          sample.columns.map((c) => c.name),
          sample.rows.map((r) => r.map(cell)),
        );
      });
    });

  catalog
    .command('drop-table <database.table>')
    .description('remove a table from the catalog (its files stay)')
    .action(async (ref: string, _o: unknown, cmd: Command) => {
      await withConnection(cmd, async (conn) => {
        const [db, name] = splitRef(ref);
        await conn.client.catalog.deleteTable(db, name);
        process.stdout.write(`removed ${db}.${name} from the catalog\n`);
      });
    });
}

export function splitRef(ref: string): [string, string] {
  const i = ref.indexOf('.');
  if (i <= 0 || i === ref.length - 1) {
    throw new Error(`'${ref}': name the table as DATABASE.TABLE`);
  }
  return [ref.slice(0, i), ref.slice(i + 1)];
}

export function cell(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}
