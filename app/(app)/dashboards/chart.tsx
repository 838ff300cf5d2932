'use client';
// Apache ECharts with only what the dashboards draw registered (bar and line charts on a grid,
// tooltips and legends). Drawn as SVG: a few hundred shapes at most, crisp at any zoom, and the
// axis labels are text in the page (found by search, read by tests) rather than canvas pixels.
// echarts-for-react's core component disposes its chart instance when it unmounts.
import ReactEChartsCore from 'echarts-for-react/lib/core';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export interface ChartClick {
  dataIndex: number;
  seriesIndex?: number;
  seriesName?: string;
  name?: string;
}

export interface Series {
  name: string;
  data: (number | null)[];
  /**
   * `line` joins the points of an ordered axis (days); `points` marks each category on its own,
   * for a rate beside counts of unrelated categories (channels, campaigns, cities), where a line
   * would suggest a trend that does not exist.
   */
  type?: 'bar' | 'line' | 'points';
  stack?: string;
  /** Plot against the second value axis (right-hand, or on top of a horizontal chart), e.g. a rate next to counts. */
  right?: boolean;
}

const prefersReducedMotion = () => typeof window !== 'undefined' && window.matchMedia?.('(prefers-reduced-motion: reduce)').matches === true;
const percent = (v: number) => `${Math.round(v * 100)}%`;
const percentTip = (v: unknown) => (typeof v === 'number' ? `${Math.round(v * 1000) / 10}%` : '—');

/**
 * A bar/line chart over categories; `horizontal` puts the categories on the y axis (the way to
 * show long names such as campaigns'), `labelWidth` cuts longer category labels with an ellipsis
 * (the tooltip names the category in full) instead of hiding the ones that would overlap.
 */
export function categoryOption(
  categories: string[],
  series: Series[],
  opts: { horizontal?: boolean; rightAxisPercent?: boolean; leftFormatter?: (v: number) => string; labelWidth?: number } = {},
): EChartsCoreOption {
  const hasRight = series.some((s) => s.right);
  const axisLabel = opts.labelWidth ? { interval: 0, width: opts.labelWidth, overflow: 'truncate', ellipsis: '…' } : { interval: 0, hideOverlap: true };
  const cat = { type: 'category', data: categories, axisLabel };
  // Options left out rather than set to undefined: ECharts would take undefined as "none".
  const val: Record<string, unknown>[] = [
    { type: 'value', ...(opts.leftFormatter ? { axisLabel: { formatter: opts.leftFormatter } } : {}) },
    ...(hasRight ? [{ type: 'value', splitLine: { show: false }, ...(opts.rightAxisPercent ? { axisLabel: { formatter: percent } } : {}) }] : []),
  ];
  const legend = series.length > 1;
  return {
    // No drawing animation for people who ask for reduced motion (and for screenshots).
    animation: !prefersReducedMotion(),
    animationDuration: 400,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: legend ? { top: 0 } : undefined,
    // A horizontal chart's second value axis runs along the top, under the legend.
    grid: { left: 8, right: 16, top: (legend ? 32 : 12) + (opts.horizontal && hasRight ? 24 : 0), bottom: 8, containLabel: true },
    xAxis: opts.horizontal ? val : cat,
    yAxis: opts.horizontal ? { ...cat, inverse: true } : val,
    series: series.map((s) => ({
      name: s.name,
      type: s.type === 'points' ? 'line' : (s.type ?? 'bar'),
      data: s.data,
      stack: s.stack,
      [opts.horizontal ? 'xAxisIndex' : 'yAxisIndex']: s.right ? 1 : 0,
      barMaxWidth: 36,
      ...(s.type === 'points' ? { lineStyle: { width: 0 }, symbol: 'circle', symbolSize: 10, showAllSymbol: true, emphasis: { focus: 'series', lineStyle: { width: 0 } } } : { emphasis: { focus: 'series' } }),
      ...(s.right && opts.rightAxisPercent ? { tooltip: { valueFormatter: percentTip } } : {}),
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
        opts={{ renderer: 'svg' }}
        style={{ height, width: '100%' }}
        onEvents={onClick ? { click: (e: ChartClick) => onClick(e) } : undefined}
      />
    </div>
  );
}
