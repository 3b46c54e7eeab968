import { useEffect, useRef } from 'react';
import { echarts, type ChartOption } from './echarts-setup.ts';

export interface EChartProps {
  option: ChartOption;
  /** Accessible description of what the chart shows (read instead of the canvas). */
  label: string;
  testId?: string;
}

/**
 * One ECharts canvas: created on mount, given each new option (merged without animation so a
 * 30-second refresh does not wobble), resized with its box, disposed on unmount.
 */
export function EChart({ option, label, testId }: EChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | undefined>(undefined);

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    try {
      chart.current = echarts.init(element, undefined, { renderer: 'canvas' });
    } catch {
      chart.current = undefined; // no canvas (tests): the label stands in
      return;
    }
    const observer =
      typeof ResizeObserver === 'undefined'
        ? undefined
        : new ResizeObserver(() => chart.current?.resize());
    observer?.observe(element);
    return () => {
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = undefined;
    };
  }, []);

  useEffect(() => {
    try {
      chart.current?.setOption(option, { notMerge: true, lazyUpdate: true });
    } catch {
      // A chart that cannot draw leaves the rest of the screen working.
    }
  }, [option]);

  return <div ref={box} className="sup-chart" role="img" aria-label={label} data-testid={testId} />;
}
