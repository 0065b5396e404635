import { useEffect, useRef } from 'react';

import { loadEcharts } from './echarts.js';

/**
 * The one place ECharts is mounted: follows the theme and the window size, and gives the canvas an
 * accessible name (charts are images to screen readers; pages show the numbers in text as well).
 */
export function EChart({
  option,
  label,
  height,
}: {
  option: Record<string, unknown>;
  label: string;
  /** Pixels; default from the .chart class. */
  height?: number;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const dark = document.documentElement.dataset.theme === 'dark';
    const chart = loadEcharts().init(ref.current, dark ? 'dark' : undefined, { renderer: 'canvas' });
    chart.setOption({
      backgroundColor: 'transparent',
      animation: false,
      tooltip: { trigger: 'axis' },
      ...option,
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [option]);
  return (
    <div ref={ref} className="chart" role="img" aria-label={label} style={height ? { height } : undefined} />
  );
}
