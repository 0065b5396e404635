import { join } from 'node:path';
import { after } from 'node:test';

import { openMetaStore } from '../../src/storage/index.js';
import { tempDir } from '../helpers/index.js';
import { describeMetaStoreContract } from './meta-store.contract.js';

const dir = await tempDir();
after(() => dir.cleanup());

describeMetaStoreContract('sqlite (file, WAL)', () => openMetaStore(`sqlite://${join(dir.path, 'kelp.db')}`));
describeMetaStoreContract('sqlite (memory)', () => openMetaStore('sqlite::memory:'));
