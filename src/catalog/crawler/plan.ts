import picomatch from 'picomatch';

import type { CrawlProblem } from '../../contract/index.js';
import { type FileFormat, formatFromPath } from '../../engine/index.js';
import { catalogName } from '../catalog-store.js';
import { isMarkerPath, type LakeFile } from '../locations.js';

export interface PlannedPartition {
  readonly values: string[];
  /** Folder of the partition relative to the source. */
  readonly rel: string;
  readonly files: LakeFile[];
  sizeBytes: number;
}

export interface PlannedTable {
  readonly name: string;
  /** Folder of the table relative to the source ('' when the source itself is the table). */
  readonly rel: string;
  readonly format: FileFormat;
  readonly partitionKeys: { name: string; type: string }[];
  readonly partitions: PlannedPartition[];
  readonly files: LakeFile[];
}

export interface CrawlPlan {
  readonly tables: PlannedTable[];
  readonly skipped: number;
  readonly problems: CrawlProblem[];
}

export interface PlanOptions {
  readonly tableLevel: number;
  readonly exclusions: readonly string[];
  readonly tablePrefix: string;
  /** Name for the table when the source holds files directly (its last folder name). */
  readonly sourceName: string;
}

const HIVE = /^([^=/]+)=(.*)$/;

function hiveValue(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/**
 * Groups the files under a crawler's source into tables and partitions, as Glue does: one table per
 * folder at `tableLevel`, `key=value` folders below it become named partition keys and other folders
 * `partition_0`, `partition_1`, ... Marker, temporary and excluded files are skipped; files whose
 * format or folder depth do not match their table are reported.
 */
export function planCrawl(files: readonly LakeFile[], options: PlanOptions): CrawlPlan {
  const excluded = options.exclusions.length
    ? picomatch(options.exclusions as string[], { dot: true })
    : () => false;
  const problems: CrawlProblem[] = [];
  let skipped = 0;
  const data = files.filter((f) => {
    const skip = isMarkerPath(f.rel) || excluded(f.rel) || f.size === 0;
    if (skip) skipped++;
    return !skip;
  });
  const level = options.tableLevel;
  const deepEnough = data.some((f) => f.rel.split('/').length - 1 >= level);
  const groups = new Map<string, LakeFile[]>();
  for (const f of data) {
    const folders = f.rel.split('/').slice(0, -1);
    let tableRel: string;
    if (!deepEnough) tableRel = '';
    else if (folders.length < level) {
      problems.push({
        path: f.rel,
        problem: `file is above the table level (${level}) and belongs to no table`,
      });
      continue;
    } else {
      // A `key=value` folder is a partition, never a table: the table is the folder above it.
      let depth = level;
      while (depth > 0 && HIVE.test(folders[depth - 1] as string)) depth--;
      tableRel = folders.slice(0, depth).join('/');
    }
    const group = groups.get(tableRel);
    if (group) group.push(f);
    else groups.set(tableRel, [f]);
  }
  const tables: PlannedTable[] = [];
  const usedNames = new Set<string>();
  for (const [rel, group] of groups) {
    const table = planTable(rel, group, options, problems);
    if (!table) continue;
    let name = table.name;
    if (usedNames.has(name)) name = `${options.tablePrefix}${catalogName(rel.replaceAll('/', '_'))}`;
    usedNames.add(name);
    tables.push({ ...table, name });
  }
  return { tables, skipped, problems };
}

function planTable(
  rel: string,
  files: LakeFile[],
  options: PlanOptions,
  problems: CrawlProblem[],
): PlannedTable | undefined {
  const base = rel ? (rel.split('/').pop() as string) : options.sourceName;
  const name = `${options.tablePrefix}${catalogName(base)}`;
  const prefixDepth = rel ? rel.split('/').length : 0;
  // The table's format is its most common one; files in another format do not belong.
  const counts = new Map<FileFormat, number>();
  for (const f of files) {
    const format = formatFromPath(f.rel);
    if (format) counts.set(format, (counts.get(format) ?? 0) + 1);
  }
  const format = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'csv';
  // Likewise the partition depth.
  const depths = new Map<number, number>();
  const depthOf = (f: LakeFile) => f.rel.split('/').length - 1 - prefixDepth;
  for (const f of files) depths.set(depthOf(f), (depths.get(depthOf(f)) ?? 0) + 1);
  const depth = [...depths.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? 0;
  const kept: LakeFile[] = [];
  for (const f of files) {
    const fileFormat = formatFromPath(f.rel);
    if (fileFormat && fileFormat !== format) {
      problems.push({ path: f.rel, table: name, problem: `${fileFormat} file in a ${format} table` });
    } else if (depthOf(f) !== depth) {
      problems.push({
        path: f.rel,
        table: name,
        problem: `file is ${depthOf(f)} folders below the table, the others ${depth}`,
      });
    } else kept.push(f);
  }
  if (kept.length === 0) return undefined;
  const segmentsOf = (f: LakeFile) => f.rel.split('/').slice(prefixDepth, prefixDepth + depth);
  const partitionKeys = Array.from({ length: depth }, (_, i) => {
    let key: string | undefined;
    for (const f of kept) {
      const m = HIVE.exec(segmentsOf(f)[i] as string);
      if (!m || (key !== undefined && m[1] !== key)) return { name: `partition_${i}`, hive: false };
      key = m[1];
    }
    return { name: catalogName(key as string), hive: true };
  });
  const partitions = new Map<string, PlannedPartition>();
  for (const f of kept) {
    const segments = segmentsOf(f);
    const values = segments.map((s, i) => (partitionKeys[i]?.hive ? hiveValue(HIVE.exec(s)?.[2] ?? s) : s));
    const key = segments.join('/');
    let p = partitions.get(key);
    if (!p) {
      p = { values, rel: [rel, key].filter(Boolean).join('/'), files: [], sizeBytes: 0 };
      partitions.set(key, p);
    }
    p.files.push(f);
    p.sizeBytes += f.size;
  }
  const all = [...partitions.values()];
  const keys = partitionKeys.map((k, i) => ({
    name: k.name,
    type: all.every((p) => /^-?(0|[1-9]\d{0,17})$/.test(p.values[i] as string)) ? 'bigint' : 'string',
  }));
  return { name, rel, format, partitionKeys: keys, partitions: all, files: kept };
}
