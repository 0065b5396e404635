import { useMemo } from 'react';

import { EChart } from './echart.js';

export interface TimeSeries {
  readonly name: string;
  /** [epoch ms, value]; null leaves a gap. */
  readonly points: readonly (readonly [number, number | null])[];
}

/**
 * Curves over wall-clock time (an endpoint's traffic), the y axis from 0; tooltips give values in
 * `unit` (the page's heading names it). `points` marks every value, for curves with gaps, where a
 * value between two gaps would otherwise not show.
 */
export function TimeSeriesChart({
  series,
  unit,
  label,
  height,
  points = false,
}: {
  series: readonly TimeSeries[];
  unit: string;
  label: string;
  height?: number;
  points?: boolean;
}) {
  const option = useMemo(
    () => ({
      legend: { top: 0, type: 'scroll' },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      tooltip: {
        trigger: 'axis',
        valueFormatter: (v: unknown) =>
          typeof v === 'number' ? `${Number(v.toPrecision(4))} ${unit}` : String(v ?? '-'),
      },
      xAxis: { type: 'time' },
      yAxis: { type: 'value', min: 0 },
      series: series.map((s) => ({
        type: 'line',
        name: s.name,
        data: s.points,
        showSymbol: points,
        symbolSize: 4,
        connectNulls: false,
      })),
    }),
    [series, unit, points],
  );
  return <EChart option={option} label={label} height={height} />;
}
