// A small ECharts wrapper (tree-shaken: only the charts used here). The chart is an image with a text
// alternative; the same numbers are always in a table beside it.
import { useEffect, useRef } from 'react';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent, AriaComponent, CanvasRenderer]);

export function Chart({ option, label, height = 300 }: { option: echarts.EChartsCoreOption; label: string; height?: number }) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts>(undefined);
  useEffect(() => {
    if (!ref.current) return;
    chart.current = echarts.init(ref.current, undefined, { renderer: 'canvas', height });
    const onResize = () => chart.current?.resize();
    window.addEventListener('resize', onResize);
    return () => { window.removeEventListener('resize', onResize); chart.current?.dispose(); };
  }, [height]);
  useEffect(() => { chart.current?.setOption({ aria: { enabled: true }, ...option }, true); }, [option]);
  return <div ref={ref} role="img" aria-label={label} className="chart" data-height={height} />;
}
