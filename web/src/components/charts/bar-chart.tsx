import { useMemo } from 'react';

import { EChart } from './echart.js';

/** Values by category; with bin labels as categories it is also the console's histogram. */
export function BarChart({
  categories,
  values,
  label,
}: {
  categories: readonly string[];
  values: readonly number[];
  label: string;
}) {
  const option = useMemo(
    () => ({
      grid: { left: 48, right: 16, top: 16, bottom: 32 },
      xAxis: { type: 'category', data: categories },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'bar', data: values }],
    }),
    [categories, values],
  );
  return <EChart option={option} label={label} />;
}
