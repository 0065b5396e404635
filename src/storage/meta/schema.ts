import type { Generated } from 'kysely';

/** Row types of the metadata store. Times are epoch milliseconds; JSON columns hold text. */
export interface JobsTable {
  id: string;
  project: string;
  name: string;
  kind: string;
  state: string;
  status_message: Generated<string>;
  progress: Generated<number>;
  progress_message: Generated<string>;
  input: string;
  result: string | null;
  failure_reason: string | null;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  max_runtime_seconds: number | null;
  priority: Generated<number>;
  run_after: number;
  lease_owner: string | null;
  lease_expires_at: number | null;
  stop_requested: Generated<number>;
  created_by: string;
  tags: Generated<string>;
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
  details: Generated<string>;
}

export interface SecretsTable {
  project: string;
  name: string;
  ciphertext: string;
  iv: string;
  tag: string;
  description: Generated<string>;
  created_by: string;
  created_at: number;
  updated_at: number;
}

export interface Database {
  jobs: JobsTable;
  job_history: JobHistoryTable;
  job_metrics: JobMetricsTable;
  audit_events: AuditEventsTable;
  secrets: SecretsTable;
}
