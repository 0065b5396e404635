// Only the ECharts parts the console uses, so the chart chunk stays small. Pages that need bar,
// scatter or heatmap charts add those parts here (BarChart, ScatterChart, HeatmapChart + VisualMap).
import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export { echarts };
