// A chart drawn by ECharts. Only the parts used are registered (bar, line and pie charts with grid,
// tooltip and legend; register more here when a page needs them: scripts/echarts-registry.test.ts
// fails when a page draws a series type that is not), so a chart costs a few hundred kB, not all of
// ECharts. Load pages with charts lazily: they should not weigh on everyone's home page.
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export type EChartOption = echarts.EChartsCoreOption;

export function EChart({
  option,
  height = 300,
  onClick,
  testId,
}: {
  option: EChartOption;
  height?: number;
  /** A click on a bar or point: its category name and index. */
  onClick?: (p: { name: string; dataIndex: number; seriesName?: string }) => void;
  testId?: string;
}) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const click = useRef(onClick);
  click.current = onClick;

  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, undefined, { renderer: 'canvas' });
    chart.current = c;
    c.on('click', (p) => click.current?.({ name: String(p.name), dataIndex: p.dataIndex, seriesName: p.seriesName }));
    const resize = new ResizeObserver(() => c.resize());
    resize.observe(el.current);
    return () => {
      resize.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);

  return <div ref={el} style={{ width: '100%', height }} data-testid={testId} />;
}
