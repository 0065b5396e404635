import { useEffect, useRef } from 'react';

import { echarts } from './echarts.js';

export interface Series {
  readonly name: string;
  readonly points: readonly [number, number][];
}

/**
 * The house line chart (metric curves). ECharts is the console's one chart library: it also has
 * the bar, scatter, histogram and heatmap charts later pages need (register them in echarts.ts); it is loaded lazily so
 * the first page load does not pay for it.
 */
export default function LineChart({
  series,
  xName,
  label,
}: {
  series: readonly Series[];
  xName: string;
  label: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const dark = document.documentElement.dataset.theme === 'dark';
    const chart = echarts.init(ref.current, dark ? 'dark' : undefined, { renderer: 'canvas' });
    chart.setOption({
      backgroundColor: 'transparent',
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 32, bottom: 32 },
      xAxis: { type: 'value', name: xName, nameLocation: 'middle', nameGap: 24 },
      yAxis: { type: 'value', scale: true },
      series: series.map((s) => ({
        type: 'line',
        name: s.name,
        data: s.points,
        showSymbol: s.points.length < 50,
      })),
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [series, xName]);
  return <div ref={ref} className="chart" role="img" aria-label={label} />;
}
