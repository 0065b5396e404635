import type { ColumnType } from 'kysely';

/** Row types of the metadata store. Times are epoch milliseconds; JSON columns hold text. */
export interface JobsTable {
  id: string;
  project: string;
  name: string;
  kind: string;
  state: string;
  status_message: string;
  progress: number;
  progress_message: string;
  input: string;
  result: string | null;
  failure_reason: string | null;
  attempts: number;
  max_attempts: number;
  max_runtime_seconds: number | null;
  priority: number;
  run_after: number;
  lease_owner: string | null;
  lease_expires_at: number | null;
  stop_requested: number;
  created_by: string;
  tags: string;
  created_at: number;
  updated_at: number;
  started_at: number | null;
  ended_at: number | null;
  wall_seconds: number | null;
  cpu_seconds: number | null;
  peak_memory_bytes: number | null;
}

export interface JobHistoryTable {
  job_id: string;
  seq: number;
  state: string;
  status_message: string;
  at: number;
}

export interface JobMetricsTable {
  job_id: string;
  name: string;
  value: number;
  step: number;
  at: number;
}

export interface AuditEventsTable {
  id: string;
  at: number;
  principal: string;
  action: string;
  resource: string;
  project: string;
  outcome: string;
  error_code: string | null;
  request_id: string | null;
  details: string;
}

export interface SecretsTable {
  project: string;
  name: string;
  ciphertext: string;
  iv: string;
  tag: string;
  description: string;
  created_by: string;
  created_at: number;
  updated_at: ColumnType<number, number, number>;
}

export interface Database {
  jobs: JobsTable;
  job_history: JobHistoryTable;
  job_metrics: JobMetricsTable;
  audit_events: AuditEventsTable;
  secrets: SecretsTable;
}
