import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';

import type { Kelp } from '../../app/index.js';
import {
  ErrorBody,
  JobHistoryBody,
  JobKindsBody,
  JobLogsBody,
  JobLogsQuery,
  JobMetricsBody,
  JobPageSchema,
  JobSchema,
  ListJobsQuery,
  ProjectQuery,
  SubmitJobBody,
} from '../../contract/index.js';
import { resourceName } from '../../core/index.js';
import { isTerminal, type JobEvent, type JobState } from '../../jobs/index.js';
import { startSse } from '../sse.js';

const NameParams = Type.Object({ name: Type.String() });
const nameOf = (request: FastifyRequest) => (request.params as { name: string }).name;
const jobResource = (request: FastifyRequest) => resourceName(request.project, 'job', nameOf(request));
const errors = { 400: ErrorBody, 404: ErrorBody, 409: ErrorBody };

export async function jobsRoutes(app: FastifyInstance, kelp: Kelp): Promise<void> {
  const jobs = kelp.jobs;

  app.post('/api/v1/jobs', {
    schema: {
      tags: ['jobs'],
      summary: 'Submit a job of a registered kind',
      querystring: ProjectQuery,
      body: SubmitJobBody,
      response: { 201: JobSchema, ...errors },
    },
    config: {
      audit: {
        action: 'jobs.submit',
        resource: (r) => resourceName(r.project, 'job', (r.body as SubmitJobBody | undefined)?.name ?? '-'),
      },
    },
    handler: async (request, reply) => {
      const job = await jobs.submit({
        ...(request.body as SubmitJobBody),
        project: request.project,
        createdBy: request.principal.id,
      });
      request.auditResource = job.resourceName;
      return reply.status(201).send(job);
    },
  });

  app.get('/api/v1/jobs', {
    schema: {
      tags: ['jobs'],
      summary: 'List jobs, newest first',
      querystring: Type.Intersect([ListJobsQuery, ProjectQuery]),
      response: { 200: JobPageSchema, ...errors },
    },
    handler: async (request) => {
      const q = request.query as ListJobsQuery;
      return jobs.list({
        project: request.project,
        ...(q.kind ? { kind: q.kind } : {}),
        ...(q.state ? { state: q.state as JobState } : {}),
        ...(q.name ? { nameContains: q.name } : {}),
        ...(q.limit ? { limit: q.limit } : {}),
        ...(q.cursor ? { cursor: q.cursor } : {}),
      });
    },
  });

  app.get('/api/v1/job-kinds', {
    schema: { tags: ['jobs'], summary: 'Job kinds this server runs', response: { 200: JobKindsBody } },
    handler: async () => ({ kinds: jobs.kindInfos() }),
  });

  app.get('/api/v1/jobs/:name', {
    schema: {
      tags: ['jobs'],
      summary: 'Describe a job',
      params: NameParams,
      querystring: ProjectQuery,
      response: { 200: JobSchema, ...errors },
    },
    handler: async (request) => jobs.get(request.project, nameOf(request)),
  });

  app.post('/api/v1/jobs/:name/stop', {
    schema: {
      tags: ['jobs'],
      summary: 'Stop a job',
      params: NameParams,
      querystring: ProjectQuery,
      response: { 200: JobSchema, ...errors },
    },
    config: { audit: { action: 'jobs.stop', resource: jobResource } },
    handler: async (request) => jobs.stop(request.project, nameOf(request)),
  });

  app.get('/api/v1/jobs/:name/metrics', {
    schema: {
      tags: ['jobs'],
      summary: 'Metrics a job recorded',
      params: NameParams,
      querystring: Type.Intersect([ProjectQuery, Type.Object({ name: Type.Optional(Type.String()) })]),
      response: { 200: JobMetricsBody, ...errors },
    },
    handler: async (request) => ({
      metrics: await jobs.metrics(
        request.project,
        nameOf(request),
        (request.query as { name?: string }).name,
      ),
    }),
  });

  app.get('/api/v1/jobs/:name/history', {
    schema: {
      tags: ['jobs'],
      summary: 'State transitions of a job',
      params: NameParams,
      querystring: ProjectQuery,
      response: { 200: JobHistoryBody, ...errors },
    },
    handler: async (request) => ({ history: await jobs.history(request.project, nameOf(request)) }),
  });

  app.get('/api/v1/jobs/:name/logs', {
    schema: {
      tags: ['jobs'],
      summary: 'Log lines of a job; with follow=true, a server-sent event stream (events: log, end)',
      params: NameParams,
      querystring: Type.Intersect([ProjectQuery, JobLogsQuery]),
      response: { 200: JobLogsBody, ...errors },
    },
    handler: async (request, reply) => {
      const { after, follow } = request.query as { after?: string; follow?: boolean };
      const name = nameOf(request);
      if (!follow) return { lines: await jobs.logLines(request.project, name, after) };
      const job = await jobs.get(request.project, name);
      const stream = startSse(request, reply);
      let last = after ?? '';
      const queue: JobEvent[] = [];
      let ready = false;
      const send = (line: { seq: string; at: string; text: string }) => {
        if (line.seq <= last) return;
        last = line.seq;
        stream.send('log', line, line.seq);
      };
      const off = jobs.events.on('event', (e) => {
        if (e.type === 'log' && e.jobId === job.id) ready ? send(e.line) : queue.push(e);
        if (e.type === 'state' && e.job.id === job.id && isTerminal(e.job.state)) void finish(e.job.state);
      });
      stream.onClose(off);
      const finish = async (state: string) => {
        try {
          for (const l of await jobs.logLines(request.project, name, last)) send(l);
          stream.send('end', { state });
        } catch (err) {
          request.log.error({ err }, 'could not read the last log lines');
        } finally {
          stream.close();
        }
      };
      for (const l of await jobs.logLines(request.project, name, last)) send(l);
      ready = true;
      for (const e of queue) if (e.type === 'log') send(e.line);
      const current = await jobs.get(request.project, name);
      if (isTerminal(current.state)) return finish(current.state);
      // Jobs running in another process: poll the stored chunks.
      const poll = setInterval(async () => {
        try {
          for (const l of await jobs.logLines(request.project, name, last)) send(l);
          const now = await jobs.get(request.project, name);
          if (isTerminal(now.state)) await finish(now.state);
        } catch {
          stream.close();
        }
      }, 1000);
      stream.onClose(() => clearInterval(poll));
    },
  });

  app.get('/api/v1/jobs/:name/events', {
    schema: {
      tags: ['jobs'],
      summary: 'Server-sent events of one job (state, progress, log, metric) until it ends',
      params: NameParams,
      querystring: ProjectQuery,
    },
    handler: async (request, reply) => {
      const job = await jobs.get(request.project, nameOf(request));
      const stream = startSse(request, reply);
      stream.send('state', job);
      if (isTerminal(job.state)) return stream.close();
      const off = jobs.events.on('event', (e) => {
        const id = e.type === 'state' ? e.job.id : e.jobId;
        if (id !== job.id) return;
        stream.send(e.type, e.type === 'state' ? e.job : e);
        if (e.type === 'state' && isTerminal(e.job.state)) stream.close();
      });
      stream.onClose(off);
    },
  });

  app.get('/api/v1/events', {
    schema: {
      tags: ['jobs'],
      summary: 'Server-sent events of all jobs in a project (state and progress): the activity feed',
      querystring: ProjectQuery,
    },
    handler: async (request, reply) => {
      const stream = startSse(request, reply);
      const off = jobs.events.on('event', (e) => {
        if (e.type === 'state' && e.job.project === request.project) stream.send('state', e.job);
        if (e.type === 'progress' && e.project === request.project) stream.send('progress', e);
      });
      stream.onClose(off);
    },
  });
}
