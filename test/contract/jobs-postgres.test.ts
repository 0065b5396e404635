import { after, before } from 'node:test';

import { freshPostgresDatabase } from '../helpers/postgres.js';
import { describeJobRuntimeContract } from './job-runtime.contract.js';

let database: Awaited<ReturnType<typeof freshPostgresDatabase>>;
before(async () => {
  database = await freshPostgresDatabase();
});
after(() => database.drop());

describeJobRuntimeContract('postgres', () => database.url);
