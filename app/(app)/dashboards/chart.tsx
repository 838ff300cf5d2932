'use client';
// Apache ECharts with only what the dashboards draw registered (bar and line charts on a grid,
// tooltips and legends, canvas rendering). echarts-for-react's core component disposes its
// chart instance when it unmounts.
import ReactEChartsCore from 'echarts-for-react/lib/core';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export interface ChartClick {
  dataIndex: number;
  seriesIndex?: number;
  seriesName?: string;
  name?: string;
}

export interface Series {
  name: string;
  data: (number | null)[];
  type?: 'bar' | 'line';
  stack?: string;
  /** Plot against the second (right-hand) axis, e.g. a rate next to counts. */
  right?: boolean;
}

const prefersReducedMotion = () => typeof window !== 'undefined' && window.matchMedia?.('(prefers-reduced-motion: reduce)').matches === true;

/** A bar/line chart over categories; `horizontal` puts the categories on the y axis. */
export function categoryOption(
  categories: string[],
  series: Series[],
  opts: { horizontal?: boolean; rightAxisPercent?: boolean; leftFormatter?: (v: number) => string } = {},
): EChartsCoreOption {
  const hasRight = series.some((s) => s.right);
  const cat = { type: 'category', data: categories, axisLabel: { interval: 0, hideOverlap: true } };
  // Options left out rather than set to undefined: ECharts would take undefined as "none".
  const val: Record<string, unknown>[] = [
    { type: 'value', ...(opts.leftFormatter ? { axisLabel: { formatter: opts.leftFormatter } } : {}) },
    ...(hasRight
      ? [{ type: 'value', splitLine: { show: false }, ...(opts.rightAxisPercent ? { axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } } : {}) }]
      : []),
  ];
  return {
    // No drawing animation for people who ask for reduced motion (and for screenshots).
    animation: !prefersReducedMotion(),
    animationDuration: 400,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: series.length > 1 ? { top: 0 } : undefined,
    grid: { left: 8, right: 8, top: series.length > 1 ? 32 : 12, bottom: 8, containLabel: true },
    xAxis: opts.horizontal ? val[0] : cat,
    yAxis: opts.horizontal ? { ...cat, inverse: true } : val,
    series: series.map((s) => ({
      name: s.name,
      type: s.type ?? 'bar',
      data: s.data,
      stack: s.stack,
      yAxisIndex: s.right ? 1 : 0,
      barMaxWidth: 36,
      smooth: s.type === 'line' ? true : undefined,
      emphasis: { focus: 'series' },
    })),
  };
}

export function Chart({
  option,
  label,
  onClick,
  height = 280,
  testId,
}: {
  option: EChartsCoreOption;
  label: string;
  onClick?: (e: ChartClick) => void;
  height?: number;
  testId?: string;
}) {
  return (
    // The canvas is a picture for sighted users; the same numbers are in the table below it.
    <div role="img" aria-label={label} data-testid={testId} style={{ cursor: onClick ? 'pointer' : undefined }}>
      <ReactEChartsCore
        echarts={echarts}
        option={option}
        notMerge
        lazyUpdate
        style={{ height, width: '100%' }}
        onEvents={onClick ? { click: (e: ChartClick) => onClick(e) } : undefined}
      />
    </div>
  );
}
