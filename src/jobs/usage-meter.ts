import { performance } from 'node:perf_hooks';

/**
 * Measures what one job attempt cost. Inline jobs share the process, so their CPU time and peak
 * RSS are the process's over the job's run (an upper bound when jobs overlap); thread and child
 * process jobs report their own figures through `report`, which then take precedence.
 */
export class UsageMeter {
  private readonly wallStart = performance.now();
  private readonly cpuStart = process.cpuUsage();
  private peakRss = process.memoryUsage.rss();
  private reportedCpu: number | undefined;
  private reportedPeak: number | undefined;
  private readonly timer: NodeJS.Timeout;

  constructor() {
    this.timer = setInterval(() => this.sample(), 250);
    this.timer.unref();
  }

  private sample(): void {
    this.peakRss = Math.max(this.peakRss, process.memoryUsage.rss());
  }

  report(usage: { cpuSeconds?: number; peakMemoryBytes?: number }): void {
    if (usage.cpuSeconds !== undefined) this.reportedCpu = (this.reportedCpu ?? 0) + usage.cpuSeconds;
    if (usage.peakMemoryBytes !== undefined) {
      this.reportedPeak = Math.max(this.reportedPeak ?? 0, usage.peakMemoryBytes);
    }
  }

  stop(): { wallSeconds: number; cpuSeconds: number; peakMemoryBytes: number } {
    clearInterval(this.timer);
    this.sample();
    const cpu = process.cpuUsage(this.cpuStart);
    return {
      wallSeconds: (performance.now() - this.wallStart) / 1000,
      cpuSeconds: this.reportedCpu ?? (cpu.user + cpu.system) / 1e6,
      peakMemoryBytes: this.reportedPeak ?? this.peakRss,
    };
  }
}
