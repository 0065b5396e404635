import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { randomUUID } from 'node:crypto';

import { describeJobRuntimeContract } from './job-runtime.contract.js';

describeJobRuntimeContract('sqlite', () => `sqlite://${join(tmpdir(), `kelp-jobs-${randomUUID()}.db`)}`);
