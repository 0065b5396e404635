import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { isPlatformError } from '../../src/core/index.js';
import { insertUnique, type MetaStore, runMigrations } from '../../src/storage/index.js';

const jobRow = (id: string, name: string) => ({
  id,
  project: 'default',
  name,
  kind: 'noop',
  state: 'Pending',
  input: '{}',
  run_after: 1_700_000_000_123,
  created_by: 'tester',
  created_at: 1_700_000_000_123,
  updated_at: 1_700_000_000_123,
});

/** The behaviour both metadata backends must show. */
export function describeMetaStoreContract(name: string, open: () => Promise<MetaStore>): void {
  describe(`MetaStore contract: ${name}`, () => {
    let store: MetaStore;
    before(async () => {
      store = await open();
    });
    after(async () => {
      await store.close();
    });

    it('migrations are idempotent', async () => {
      await runMigrations(store.db, store.dialect);
      const rows = await store.db.selectFrom('jobs').selectAll().execute();
      assert.ok(Array.isArray(rows));
    });

    it('round-trips numbers, big timestamps, doubles and null', async () => {
      await store.db.insertInto('jobs').values(jobRow('j-1', 'one')).execute();
      await store.db
        .updateTable('jobs')
        .set({ progress: 12.5, peak_memory_bytes: 2 ** 40 })
        .where('id', '=', 'j-1')
        .execute();
      const row = await store.db
        .selectFrom('jobs')
        .selectAll()
        .where('id', '=', 'j-1')
        .executeTakeFirstOrThrow();
      assert.equal(row.created_at, 1_700_000_000_123);
      assert.equal(typeof row.created_at, 'number');
      assert.equal(row.progress, 12.5);
      assert.equal(row.peak_memory_bytes, 2 ** 40);
      assert.equal(row.result, null);
      assert.equal(row.attempts, 0);
    });

    it('a duplicate unique key is already_exists', async () => {
      await store.db.insertInto('jobs').values(jobRow('j-2', 'two')).execute();
      await assert.rejects(
        insertUnique(
          store,
          () => store.db.insertInto('jobs').values(jobRow('j-3', 'two')).execute(),
          'job two exists',
        ),
        (err: unknown) =>
          isPlatformError(err) && err.code === 'already_exists' && err.message === 'job two exists',
      );
    });

    it('a failed transaction changes nothing', async () => {
      await assert.rejects(
        store.transaction(async (tx) => {
          await tx.insertInto('jobs').values(jobRow('j-4', 'four')).execute();
          await tx
            .insertInto('job_history')
            .values({ job_id: 'j-4', seq: 1, state: 'Pending', status_message: '', at: 1 })
            .execute();
          throw new Error('stop here');
        }),
        /stop here/,
      );
      const found = await store.db.selectFrom('jobs').select('id').where('id', '=', 'j-4').execute();
      assert.equal(found.length, 0);
    });

    it('concurrent read-modify-write transactions under forUpdate all count', async () => {
      await store.db.insertInto('jobs').values(jobRow('j-5', 'five')).execute();
      await Promise.all(
        Array.from({ length: 20 }, () =>
          store.transaction(async (tx) => {
            const row = await store
              .forUpdate(tx.selectFrom('jobs').select('attempts').where('id', '=', 'j-5'))
              .executeTakeFirstOrThrow();
            await tx
              .updateTable('jobs')
              .set({ attempts: row.attempts + 1 })
              .where('id', '=', 'j-5')
              .execute();
          }),
        ),
      );
      const row = await store.db
        .selectFrom('jobs')
        .select('attempts')
        .where('id', '=', 'j-5')
        .executeTakeFirstOrThrow();
      assert.equal(row.attempts, 20);
    });

    it('the audit log refuses updates and deletes', async () => {
      await store.db
        .insertInto('audit_events')
        .values({
          id: 'a-1',
          at: 1,
          principal: 'p',
          action: 'x',
          resource: 'r',
          project: 'default',
          outcome: 'success',
          details: '{}',
        })
        .execute();
      await assert.rejects(
        store.db.updateTable('audit_events').set({ outcome: 'failure' }).execute(),
        /append-only/,
      );
      await assert.rejects(store.db.deleteFrom('audit_events').execute(), /append-only/);
    });
  });
}
