// A chart drawn by ECharts (the charting library Chinese government systems commonly use), as SVG, with only the
// chart types the screens use, so the statistics screen's own download stays small. A screen reader reads the chart's
// name and is pointed to the table beside it, which carries the same figures (ECharts' own generated description
// reads its data points as numbers without their meaning).
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export type ChartOption = echarts.EChartsCoreOption;

export function Chart({
  option,
  label,
  height = 320,
}: {
  option: ChartOption;
  label: string;
  height?: number;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!box.current) return;
    const chart = echarts.init(box.current, undefined, { renderer: 'svg', locale: 'ZH' });
    chart.setOption({
      textStyle: { fontFamily: 'inherit', fontSize: 14 },
      animation: false,
      ...option,
    });
    // Follows the card's width on a phone turned, or a window resized.
    const resized = new ResizeObserver(() => chart.resize());
    resized.observe(box.current);
    return () => {
      resized.disconnect();
      chart.dispose();
    };
  }, [option]);
  return <div ref={box} role="img" aria-label={label} style={{ height, width: '100%' }} />;
}
