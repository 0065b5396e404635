import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

import { withDuckDB } from '../../src/engine/index.js';

async function put(root: string, rel: string, text: string): Promise<void> {
  const path = join(root, rel);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
}

/**
 * A small lake with what crawlers meet in practice: hive partitions (sales), unnamed date
 * partitions (events), a JSON lines table with a column added later (clicks), a Parquet table
 * (items), marker and temp files, a file that does not fit its table and one that cannot be read.
 */
export async function buildLake(root: string): Promise<void> {
  for (const year of [2023, 2024]) {
    for (const month of [1, 2]) {
      const rows = [1, 2, 3].map(
        (i) => `${year * 100 + month}${i},store-${i},${(i * 10.5 + month).toFixed(2)}`,
      );
      await put(
        root,
        `sales/year=${year}/month=${month}/part-0.csv`,
        `order_id,store,amount\n${rows.join('\n')}\n`,
      );
    }
  }
  await put(root, 'sales/_SUCCESS', '');
  await put(root, 'sales/year=2024/month=2/_tmp/part-9.csv', 'order_id,store,amount\n1,x,1\n');
  await put(root, 'sales/year=2024/month=1/part-1.csv.tmp', 'garbage');
  await put(root, 'sales/.hidden.csv', 'a,b\n1,2\n');

  await put(root, 'events/2024/05/01/a.csv', 'event,user_id,value\nclick,1,0.5\nview,2,1\n');
  await put(root, 'events/2024/05/02/a.csv', 'event,user_id,value\nclick,3,2.5\n');
  await put(root, 'events/2024/06/01/a.csv', 'event,user_id,value\nbuy,4,99\n');
  // Doesn't fit: entirely different columns.
  await put(root, 'events/2024/06/01/b.csv', 'x,y,z,w\n1,2,3,4\n');

  await put(root, 'clicks/day=1/a.jsonl', '{"page":"/","ms":12}\n{"page":"/a","ms":7}\n');
  await put(root, 'clicks/day=2/a.jsonl', '{"page":"/b","ms":3.5,"referrer":"x.com"}\n');

  await withDuckDB(async (con) => {
    await mkdir(join(root, 'items'), { recursive: true });
    await con.run(
      `COPY (SELECT i AS item_id, 'item ' || i AS title, i * 1.25 AS price FROM range(100) t(i)) TO '${join(root, 'items/part-0.parquet')}' (FORMAT parquet)`,
    );
    await con.run(
      `COPY (SELECT i AS item_id, 'item ' || i AS title, i * 1.25 AS price FROM range(100, 150) t(i)) TO '${join(root, 'items/part-1.parquet')}' (FORMAT parquet)`,
    );
  });
  await put(root, 'items/part-2.parquet', 'this is not parquet');
}
