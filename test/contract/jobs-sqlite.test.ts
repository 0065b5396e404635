import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describeJobRuntimeContract } from './job-runtime.contract.js';

describeJobRuntimeContract('sqlite', () => `sqlite://${join(tmpdir(), `kelp-jobs-${randomUUID()}.db`)}`);
