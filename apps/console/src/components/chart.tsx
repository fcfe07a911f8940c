import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** A colour-blind-safe palette (Okabe–Ito), one colour per series. */
const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'];

export interface Series {
  label: string;
  values: Array<number | null>;
}

export interface ChartProps {
  id: string;
  title: string;
  /** `time`: x are days or months (`YYYY-MM-DD` / `YYYY-MM`, local to the store); `categories`: named bars. */
  x: { kind: 'time' | 'categories'; labels: string[] };
  series: Series[];
  kind: 'line' | 'bars';
  /** How a y value is written, in the legend and the table. */
  format: (value: number) => string;
  /** How the y axis writes its ticks; short numbers (1.2M) by default. */
  formatAxis?: (value: number) => string;
  /** How an x label is written in the table. */
  formatX?: (label: string) => string;
  height?: number;
  /** The heading of the table's first column. */
  xLabel?: string;
}

const compactNumber = new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 });
const compact = (value: number) => compactNumber.format(value);

/** Seconds of a local day or month's start, read as UTC: the chart writes it back as the same day. */
const secondsOf = (label: string) => Date.parse(`${label.length === 7 ? `${label}-01` : label}T00:00:00Z`) / 1000;

/**
 * A chart drawn by uPlot, with its figures beside it in a table: the same arrays feed both, so a
 * screen reader (or a test) reads exactly what is drawn.
 */
export function Chart(props: ChartProps) {
  const target = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = target.current;
    if (!element) return;
    const categories = props.x.kind === 'categories';
    const xs = categories ? props.x.labels.map((_, i) => i) : props.x.labels.map(secondsOf);
    const bars = uPlot.paths.bars?.({ size: [0.6, 64], align: 0 });
    const options: uPlot.Options = {
      width: Math.max(280, element.clientWidth),
      height: props.height ?? 240,
      // The days and months are the stores' local calendar already: written as UTC, they stay themselves.
      tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), 'Etc/UTC'),
      scales: {
        x: categories ? { time: false, range: [-0.5, props.x.labels.length - 0.5] } : { time: true },
        y: { range: (_u, min, max) => [Math.min(0, min), max > 0 ? max * 1.1 : 1] },
      },
      axes: [
        categories
          ? { splits: () => xs, values: (_u, splits) => splits.map((i) => props.x.labels[i] ?? ''), stroke: '#333' }
          : { stroke: '#333' },
        { values: (_u, splits) => splits.map((value) => (props.formatAxis ?? compact)(value)), size: 64, stroke: '#333' },
      ],
      legend: { show: props.series.length > 1 || props.kind === 'line' },
      series: [
        categories ? { label: props.xLabel ?? 'group', value: (_u, i) => (i === null ? '' : (props.x.labels[i] ?? '')) } : { label: props.xLabel ?? 'day' },
        ...props.series.map((series, i) => ({
          label: series.label,
          stroke: PALETTE[i % PALETTE.length],
          fill: props.kind === 'bars' ? `${PALETTE[i % PALETTE.length]}cc` : undefined,
          width: 2,
          paths: props.kind === 'bars' ? bars : undefined,
          points: { show: props.kind === 'line' && xs.length < 40, size: 7 },
          value: (_u: uPlot, value: number | null) => (value === null ? '–' : props.format(value)),
        })),
      ],
    };
    const chart = new uPlot(options, [xs, ...props.series.map((series) => series.values)] as uPlot.AlignedData, element);
    const resize = new ResizeObserver(() => chart.setSize({ width: Math.max(280, element.clientWidth), height: props.height ?? 240 }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [JSON.stringify(props.x), JSON.stringify(props.series), props.kind]);

  const formatX = props.formatX ?? ((label: string) => label);
  return (
    <figure class="chart" data-chart={props.id}>
      <figcaption>{props.title}</figcaption>
      <div class="plot" ref={target} role="img" aria-label={`${props.title}: chart; its figures are in the table below`} />
      <details>
        <summary>Figures of “{props.title}”</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{props.xLabel ?? (props.x.kind === 'time' ? 'date' : 'group')}</th>
              {props.series.map((series) => (
                <th scope="col">{series.label}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.x.labels.map((label, i) => (
              <tr data-x={label}>
                <th scope="row">{formatX(label)}</th>
                {props.series.map((series) => (
                  <td class="number" data-series={series.label}>
                    <data value={series.values[i] === null ? '' : String(series.values[i])}>{series.values[i] === null ? '–' : props.format(series.values[i]!)}</data>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
