// Only the ECharts parts the console uses, so the chart chunk stays small. Scatter and heatmap
// charts, when a page needs them, register ScatterChart / HeatmapChart + VisualMapComponent here.
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

let registered = false;

/**
 * ECharts with the console's parts registered. Registration happens in this call rather than at
 * module load, so the bundler (which treats the app's modules as side-effect free) keeps it.
 */
export function loadEcharts(): typeof echarts {
  if (!registered) {
    echarts.use([LineChart, BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);
    registered = true;
  }
  return echarts;
}
