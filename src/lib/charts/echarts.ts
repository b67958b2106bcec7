/** ECharts from echarts/core with only what nianbao draws: a smaller bundle for every page. */
import * as echarts from 'echarts/core';
import { BarChart, HeatmapChart, LineChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, VisualMapComponent, TitleComponent } from 'echarts/components';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';
// ECharts 6 moved grid.containLabel (long Chinese axis labels kept inside the chart) here.
import { LegacyGridContainLabel } from 'echarts/features';

echarts.use([
	LegacyGridContainLabel,
	BarChart,
	HeatmapChart,
	LineChart,
	ScatterChart,
	GridComponent,
	LegendComponent,
	MarkLineComponent,
	TooltipComponent,
	VisualMapComponent,
	TitleComponent,
	CanvasRenderer,
	SVGRenderer
]);

export { echarts };
export type { EChartsCoreOption } from 'echarts/core';
