import { useMemo } from 'react';

import { EChart } from './echart.js';

export interface Series {
  readonly name: string;
  readonly points: readonly [number, number][];
}

/** Curves over a numeric x axis (metrics by step, values over time). */
export function LineChart({
  series,
  xName,
  label,
}: {
  series: readonly Series[];
  xName: string;
  label: string;
}) {
  const option = useMemo(
    () => ({
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
    }),
    [series, xName],
  );
  return <EChart option={option} label={label} />;
}
