import { hourInZone } from '@jiefang/core';
import { useMemo } from 'react';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { EChart } from './EChart.tsx';
import type { ChartOption } from './echarts-setup.ts';
import type { TodayStats } from './supervisor-api.ts';
import { boxSummary, formatSeconds, percent } from './stats-math.ts';

const AXIS = { color: '#8fa3b8', fontSize: 11 };
const SPLIT = { lineStyle: { color: '#223245' } };
const TIER_COLOURS = ['#ff6b6b', '#ffb020', '#5aa9ff'];
const TOOLTIP = {
  backgroundColor: '#111a24',
  borderColor: '#2e4560',
  textStyle: { color: '#e6edf5', fontSize: 12 },
};

/** Green at 90 % and over, amber from 70 %, red below: the 1-3-5 share at a glance. */
export function shareColour(share: number | null): string {
  if (share === null) return '#5f7489';
  return share >= 0.9 ? '#2ecc71' : share >= 0.7 ? '#ffb020' : '#ff4d4d';
}

/**
 * The supervisor's three charts from GET /stats/today: first-arrival times per tier as boxes
 * with each arrival and the tier's target, the share meeting 1-3-5 per tier, incidents per hour.
 */
export function SupervisorCharts({ stats, now }: { stats: TodayStats; now: number }) {
  const { t, locale } = useI18n();
  const tierNames = stats.tiers.map((tier) => t(`tier.${tier.tier}`));
  const currentHour = hourInZone(now, stats.timeZone);

  const responseOption = useMemo<ChartOption>(() => {
    const highest = Math.max(
      360,
      ...stats.tiers.flatMap((tier) => tier.arrivalSeconds.map((s) => s * 1.1)),
    );
    return {
      animation: false,
      grid: { left: 44, right: 12, top: 14, bottom: 24 },
      tooltip: { ...TOOLTIP, trigger: 'item' },
      xAxis: {
        type: 'category',
        data: tierNames,
        axisLabel: { ...AXIS, interval: 0 },
        axisLine: SPLIT,
      },
      yAxis: {
        type: 'value',
        min: 0,
        max: Math.ceil(highest / 60) * 60,
        interval: 60,
        axisLabel: { ...AXIS, formatter: (v: number) => formatSeconds(v) },
        splitLine: SPLIT,
      },
      series: [
        {
          type: 'boxplot',
          name: t('supervisor.chart.response.box'),
          data: stats.tiers.map((tier, i) => ({
            value: boxSummary(tier.arrivalSeconds) ?? [],
            itemStyle: { color: 'rgba(61,139,255,0.15)', borderColor: TIER_COLOURS[i] },
          })),
          boxWidth: ['20%', '40%'],
          tooltip: {
            formatter: (p: unknown) => {
              const { value, name } = p as { value: number[]; name: string };
              if (!value || value.length < 6) return name;
              const [, min, q1, median, q3, max] = value;
              return `${name}<br/>${t('supervisor.chart.response.median')} ${formatSeconds(median)}<br/>${formatSeconds(q1)} – ${formatSeconds(q3)} (${formatSeconds(min)} – ${formatSeconds(max)})`;
            },
          },
        },
        {
          type: 'scatter',
          name: t('supervisor.chart.response.arrival'),
          symbolSize: 6,
          itemStyle: { color: '#e6edf5', opacity: 0.7 },
          data: stats.tiers.flatMap((tier, i) => tier.arrivalSeconds.map((s) => [i, s])),
          tooltip: {
            formatter: (p: unknown) =>
              `${t('supervisor.chart.response.arrival')} ${formatSeconds((p as { value: number[] }).value[1])}`,
          },
        },
        {
          type: 'scatter',
          name: t('supervisor.chart.response.target'),
          symbol: 'rect',
          symbolSize: [64, 3],
          itemStyle: { color: '#ffb020' },
          data: stats.tiers.map((tier, i) => [i, tier.targetSeconds]),
          z: 5,
          tooltip: {
            formatter: (p: unknown) =>
              `${t('supervisor.chart.response.target')} ${formatSeconds((p as { value: number[] }).value[1])}`,
          },
        },
      ],
    };
  }, [stats, t, tierNames]);

  const shareOption = useMemo<ChartOption>(
    () => ({
      animation: false,
      grid: { left: 40, right: 12, top: 18, bottom: 24 },
      tooltip: { ...TOOLTIP, trigger: 'item' },
      xAxis: {
        type: 'category',
        data: tierNames,
        axisLabel: { ...AXIS, interval: 0 },
        axisLine: SPLIT,
      },
      yAxis: {
        type: 'value',
        min: 0,
        max: 100,
        interval: 25,
        axisLabel: { ...AXIS, formatter: '{value}%' },
        splitLine: SPLIT,
      },
      series: [
        {
          type: 'bar',
          barWidth: '45%',
          data: stats.tiers.map((tier) => ({
            value: percent(tier.metShare) ?? 0,
            itemStyle: { color: shareColour(tier.metShare) },
            label: {
              show: true,
              position: 'top',
              color: '#e6edf5',
              fontSize: 11,
              formatter: () =>
                tier.metShare === null
                  ? t('supervisor.chart.share.none')
                  : `${percent(tier.metShare)}% (${tier.met}/${tier.met + tier.missed})`,
            },
          })),
          tooltip: {
            formatter: (p: unknown) => {
              const tier = stats.tiers[(p as { dataIndex: number }).dataIndex];
              return t('supervisor.chart.share.tooltip', {
                met: tier.met,
                missed: tier.missed,
                pending: tier.pending,
              });
            },
          },
        },
      ],
    }),
    [stats, t, tierNames],
  );

  const hourOption = useMemo<ChartOption>(
    () => ({
      animation: false,
      grid: { left: 32, right: 8, top: 14, bottom: 24 },
      tooltip: { ...TOOLTIP, trigger: 'item' },
      xAxis: {
        type: 'category',
        data: stats.perHour.map((_, h) => String(h)),
        axisLabel: { ...AXIS, interval: 2 },
        axisLine: SPLIT,
      },
      yAxis: {
        type: 'value',
        minInterval: 1,
        axisLabel: AXIS,
        splitLine: SPLIT,
      },
      series: [
        {
          type: 'bar',
          data: stats.perHour.map((n, h) => (h <= currentHour ? n : '-')),
          itemStyle: { color: '#3d8bff' },
          tooltip: {
            formatter: (p: unknown) => {
              const { dataIndex, value } = p as { dataIndex: number; value: number };
              return t('supervisor.chart.hour.tooltip', { hour: dataIndex, count: value });
            },
          },
        },
      ],
    }),
    [stats, t, currentHour],
  );

  const shareText = stats.tiers
    .map((tier) => `${t(`tier.${tier.tier}`)}: ${percent(tier.metShare) ?? '—'}%`)
    .join(', ');
  return (
    <div className="sup-charts">
      <figure className="sup-figure">
        <figcaption>{t('supervisor.chart.response.title')}</figcaption>
        <EChart
          option={responseOption}
          label={t('supervisor.chart.response.title')}
          testId="chart-response"
        />
      </figure>
      <figure className="sup-figure">
        <figcaption>
          {t('supervisor.chart.share.title')}
          <span className="sup-figure-note">
            {t('supervisor.chart.share.count', { count: stats.incidents })}
          </span>
        </figcaption>
        <EChart option={shareOption} label={shareText} testId="chart-share" />
      </figure>
      <figure className="sup-figure">
        <figcaption>
          {t('supervisor.chart.hour.title')}
          <span className="sup-figure-note">{zoneName(stats.timeZone, locale)}</span>
        </figcaption>
        <EChart option={hourOption} label={t('supervisor.chart.hour.title')} testId="chart-hour" />
      </figure>
    </div>
  );
}

/** "China Standard Time" / "中国标准时间": the zone the hours are counted in, in words. */
function zoneName(timeZone: string, locale: string): string {
  return (
    new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'long' })
      .formatToParts(Date.now())
      .find((part) => part.type === 'timeZoneName')?.value ?? timeZone
  );
}
