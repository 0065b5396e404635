import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

import { invalidArgument, notFound, validateName } from '../core/index.js';
import { insertUnique, type MetaStore } from '../storage/index.js';

/** What the API shows of a secret: never its value. */
export interface SecretInfo {
  readonly project: string;
  readonly name: string;
  readonly description: string;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/**
 * Secrets (database passwords, encryption keys), encrypted with AES-256-GCM under one master key.
 * Values leave this class only through `reveal`, which domain code calls when it connects to
 * something; no API route returns them and they are never logged.
 */
export class SecretStore {
  constructor(
    private readonly meta: MetaStore,
    private readonly key: Buffer,
  ) {
    if (key.length !== 32) throw new Error('the secret store key must be 32 bytes');
  }

  /** The master key: `KELP_SECRET_KEY` (64 hex chars), else `<home>/secret.key`, created on first use. */
  static async loadKey(keyHex: string | undefined, keyFile: string): Promise<Buffer> {
    if (keyHex) {
      if (!/^[0-9a-fA-F]{64}$/.test(keyHex))
        throw invalidArgument('KELP_SECRET_KEY must be 64 hexadecimal characters');
      return Buffer.from(keyHex, 'hex');
    }
    try {
      return Buffer.from((await readFile(keyFile, 'utf8')).trim(), 'hex');
    } catch {
      const key = randomBytes(32);
      await mkdir(dirname(keyFile), { recursive: true });
      await writeFile(keyFile, key.toString('hex'), { mode: 0o600, flag: 'wx' }).catch(() => undefined);
      await chmod(keyFile, 0o600).catch(() => undefined);
      return Buffer.from((await readFile(keyFile, 'utf8')).trim(), 'hex');
    }
  }

  async put(
    project: string,
    name: string,
    value: string,
    options: { description?: string; principal: string; overwrite?: boolean },
  ): Promise<SecretInfo> {
    validateName(name);
    if (typeof value !== 'string' || value.length === 0)
      throw invalidArgument('a secret value cannot be empty', { field: 'value' });
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(`${project}/${name}`));
    const ciphertext = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
    const now = Date.now();
    const fields = {
      ciphertext: ciphertext.toString('base64'),
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      updated_at: now,
      ...(options.description !== undefined ? { description: options.description } : {}),
    };
    const existing = await this.row(project, name);
    if (existing && options.overwrite) {
      await this.meta.db
        .updateTable('secrets')
        .set(fields)
        .where('project', '=', project)
        .where('name', '=', name)
        .execute();
    } else {
      await insertUnique(
        this.meta,
        () =>
          this.meta.db
            .insertInto('secrets')
            .values({ project, name, created_by: options.principal, created_at: now, ...fields })
            .execute(),
        `a secret named '${name}' already exists in project '${project}'`,
      );
    }
    return this.describe(project, name);
  }

  async describe(project: string, name: string): Promise<SecretInfo> {
    const row = await this.row(project, name);
    if (!row) throw notFound(`secret '${name}' does not exist in project '${project}'`, { name, project });
    return {
      project: row.project,
      name: row.name,
      description: row.description,
      createdBy: row.created_by,
      createdAt: new Date(row.created_at).toISOString(),
      updatedAt: new Date(row.updated_at).toISOString(),
    };
  }

  async list(project: string): Promise<SecretInfo[]> {
    const rows = await this.meta.db
      .selectFrom('secrets')
      .select('name')
      .where('project', '=', project)
      .orderBy('name')
      .execute();
    return Promise.all(rows.map((r) => this.describe(project, r.name)));
  }

  async delete(project: string, name: string): Promise<void> {
    const out = await this.meta.db
      .deleteFrom('secrets')
      .where('project', '=', project)
      .where('name', '=', name)
      .executeTakeFirst();
    if (Number(out.numDeletedRows) === 0)
      throw notFound(`secret '${name}' does not exist in project '${project}'`);
  }

  /** The plain value, for domain code only. */
  async reveal(project: string, name: string): Promise<string> {
    const row = await this.row(project, name);
    if (!row) throw notFound(`secret '${name}' does not exist in project '${project}'`, { name, project });
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(row.iv, 'base64'));
    decipher.setAAD(Buffer.from(`${project}/${name}`));
    decipher.setAuthTag(Buffer.from(row.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(row.ciphertext, 'base64')), decipher.final()]).toString(
      'utf8',
    );
  }

  private row(project: string, name: string) {
    return this.meta.db
      .selectFrom('secrets')
      .selectAll()
      .where('project', '=', project)
      .where('name', '=', name)
      .executeTakeFirst();
  }
}
