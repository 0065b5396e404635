import { type Static, Type } from 'typebox';

import { NAME } from './common.js';

export const JobStateSchema = Type.Union([
  Type.Literal('Pending'),
  Type.Literal('InProgress'),
  Type.Literal('Completed'),
  Type.Literal('Failed'),
  Type.Literal('Stopping'),
  Type.Literal('Stopped'),
]);

export const JobSchema = Type.Object({
  id: Type.String(),
  project: Type.String(),
  name: Type.String(),
  resourceName: Type.String(),
  kind: Type.String(),
  state: JobStateSchema,
  statusMessage: Type.String(),
  progress: Type.Number(),
  progressMessage: Type.String(),
  input: Type.Unknown(),
  result: Type.Unknown(),
  failureReason: Type.Union([Type.String(), Type.Null()]),
  attempts: Type.Integer(),
  maxAttempts: Type.Integer(),
  maxRuntimeSeconds: Type.Union([Type.Number(), Type.Null()]),
  priority: Type.Integer(),
  stopRequested: Type.Boolean(),
  createdBy: Type.String(),
  tags: Type.Record(Type.String(), Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  startedAt: Type.Union([Type.String(), Type.Null()]),
  endedAt: Type.Union([Type.String(), Type.Null()]),
  cost: Type.Object({
    wallSeconds: Type.Union([Type.Number(), Type.Null()]),
    cpuSeconds: Type.Union([Type.Number(), Type.Null()]),
    peakMemoryBytes: Type.Union([Type.Number(), Type.Null()]),
  }),
});

export const SubmitJobBody = Type.Object({
  kind: Type.String({ minLength: 1 }),
  name: Type.Optional(Type.String({ pattern: NAME })),
  input: Type.Optional(Type.Unknown()),
  maxAttempts: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  maxRuntimeSeconds: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
  priority: Type.Optional(Type.Integer()),
  tags: Type.Optional(Type.Record(Type.String(), Type.String())),
});
export type SubmitJobBody = Static<typeof SubmitJobBody>;

export const ListJobsQuery = Type.Object({
  kind: Type.Optional(Type.String()),
  state: Type.Optional(JobStateSchema),
  name: Type.Optional(Type.String({ description: 'substring of the job name' })),
  cursor: Type.Optional(Type.String()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
});
export type ListJobsQuery = Static<typeof ListJobsQuery>;

export type JobBody = Static<typeof JobSchema>;

export const JobPageSchema = Type.Object({
  jobs: Type.Array(JobSchema),
  nextCursor: Type.Optional(Type.String()),
});
export type JobPageBody = Static<typeof JobPageSchema>;
export type JobLogLineBody = Static<typeof JobLogLineSchema>;

export const JobLogLineSchema = Type.Object({ seq: Type.String(), at: Type.String(), text: Type.String() });
export const JobLogsQuery = Type.Object({
  after: Type.Optional(Type.String({ description: 'seq of the last line already seen' })),
  follow: Type.Optional(
    Type.Boolean({ description: 'stream lines as server-sent events until the job ends' }),
  ),
});
export const JobLogsBody = Type.Object({ lines: Type.Array(JobLogLineSchema) });
export type JobLogsBody = Static<typeof JobLogsBody>;

export const JobMetricSchema = Type.Object({
  name: Type.String(),
  value: Type.Number(),
  step: Type.Number(),
  timestamp: Type.String(),
});
export const JobMetricsBody = Type.Object({ metrics: Type.Array(JobMetricSchema) });
export type JobMetricsBody = Static<typeof JobMetricsBody>;

export type JobMetricBody = Static<typeof JobMetricSchema>;

export const JobHistoryBody = Type.Object({
  history: Type.Array(Type.Object({ state: Type.String(), statusMessage: Type.String(), at: Type.String() })),
});
export type JobHistoryBody = Static<typeof JobHistoryBody>;

export const JobKindsBody = Type.Object({
  kinds: Type.Array(Type.Object({ kind: Type.String(), description: Type.String(), mode: Type.String() })),
});
export type JobKindsBody = Static<typeof JobKindsBody>;
