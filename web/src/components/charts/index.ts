// Loaded on demand (React.lazy) so the first page load does not pay for ECharts.
export { BarChart } from './bar-chart.js';
export { LineChart, type Series } from './line-chart.js';
export { type TimeSeries, TimeSeriesChart } from './time-series-chart.js';
