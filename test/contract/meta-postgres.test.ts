import { after } from 'node:test';

import { openMetaStore } from '../../src/storage/index.js';
import { freshPostgresDatabase } from '../helpers/postgres.js';
import { describeMetaStoreContract } from './meta-store.contract.js';

const database = await freshPostgresDatabase();
after(() => database.drop());

describeMetaStoreContract('postgres (127.0.0.1:5432, fresh database)', () => openMetaStore(database.url));
