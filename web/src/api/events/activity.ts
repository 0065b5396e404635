import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { kelp } from '../client.js';
import { jobKeys } from '../jobs/index.js';
import type { JobBody } from '../jobs/jobs-api.js';

export interface Activity {
  readonly name: string;
  readonly kind: string;
  readonly state: string;
  readonly progress: number;
  readonly statusMessage: string;
}

/**
 * The activity feed: jobs that are running now, kept live by the project's event stream, plus
 * whether the server is reachable (the stream's errors and a health check drive the banner).
 */
export function useActivity() {
  const client = useQueryClient();
  const [running, setRunning] = useState<Map<string, Activity>>(new Map());
  const [connected, setConnected] = useState(true);

  useEffect(() => {
    let source: EventSource | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const seed = async () => {
      const page = await kelp.jobs.list({ state: 'InProgress', limit: 50 });
      setRunning(new Map(page.jobs.map((j) => [j.name, toActivity(j)])));
    };
    const open = () => {
      source = new EventSource('/api/v1/events');
      source.onopen = () => {
        setConnected(true);
        void seed().catch(() => undefined);
        void client.invalidateQueries();
      };
      source.onerror = () => {
        // Lost the server: show the banner, probe health until it answers, then reopen.
        setConnected(false);
        source?.close();
        retry = setTimeout(async function probe() {
          try {
            await kelp.health();
            open();
          } catch {
            retry = setTimeout(probe, 2000);
          }
        }, 1000);
      };
      source.addEventListener('state', (e) => {
        const job = JSON.parse((e as MessageEvent<string>).data) as JobBody;
        setRunning((old) => {
          const next = new Map(old);
          if (job.state === 'InProgress' || job.state === 'Stopping') next.set(job.name, toActivity(job));
          else next.delete(job.name);
          return next;
        });
        void client.invalidateQueries({ queryKey: jobKeys.all });
      });
      source.addEventListener('progress', (e) => {
        const p = JSON.parse((e as MessageEvent<string>).data) as {
          name: string;
          progress: number;
          statusMessage: string;
        };
        setRunning((old) => {
          const current = old.get(p.name);
          if (!current) return old;
          return new Map(old).set(p.name, {
            ...current,
            progress: p.progress,
            statusMessage: p.statusMessage,
          });
        });
      });
    };
    open();
    return () => {
      source?.close();
      if (retry) clearTimeout(retry);
    };
  }, [client]);

  return { running: [...running.values()], connected };
}

function toActivity(job: JobBody): Activity {
  return {
    name: job.name,
    kind: job.kind,
    state: job.state,
    progress: job.progress,
    statusMessage: job.statusMessage,
  };
}
