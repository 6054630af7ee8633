/**
 * The few Prometheus metric kinds Cercle exposes, written in the text exposition format
 * (version 0.0.4). Hand-written rather than prom-client: that library's optional OpenTelemetry
 * peer splits drizzle-orm into two copies in this workspace, and Cercle needs only counters,
 * gauges read at scrape time, and one histogram.
 */

type Labels = Record<string, string | number>;

export const contentType = 'text/plain; version=0.0.4; charset=utf-8';

function labelText(labels: Labels) {
  const entries = Object.entries(labels);
  if (entries.length === 0) return '';
  const escaped = entries.map(
    ([name, value]) =>
      `${name}="${String(value).replaceAll('\\', '\\\\').replaceAll('\n', '\\n').replaceAll('"', '\\"')}"`,
  );
  return `{${escaped.join(',')}}`;
}

type Series = { labels?: Labels; value: number }[];

/** One metric as exposed: its header and its series lines, ready to be written. */
export interface MetricFamily {
  name: string;
  help: string;
  type: 'counter' | 'gauge' | 'histogram';
  series: string[];
}

interface Metric {
  name: string;
  help: string;
  type: MetricFamily['type'];
  /** The series lines, each with `constant` labels first (a worker's number). */
  series(constant: Labels): string[] | Promise<string[]>;
}

/** The text exposition of `families`, in their order. */
export function exposition(families: MetricFamily[]): string {
  const lines = families.flatMap(({ name, help, type, series }) => [
    `# HELP ${name} ${help}`,
    `# TYPE ${name} ${type}`,
    ...series,
  ]);
  return `${lines.join('\n')}\n`;
}

/**
 * Several processes' metrics as one exposition: each metric once, with every process's series
 * under it (the format wants a metric's series together). Their labels tell them apart.
 */
export function mergeFamilies(lists: MetricFamily[][]): MetricFamily[] {
  const merged = new Map<string, MetricFamily>();
  for (const families of lists) {
    for (const family of families) {
      const known = merged.get(family.name);
      if (known) known.series.push(...family.series);
      else merged.set(family.name, { ...family, series: [...family.series] });
    }
  }
  return [...merged.values()];
}

export function createRegistry() {
  const metrics: Metric[] = [];
  const add = <T extends Metric>(metric: T) => (metrics.push(metric), metric);
  const families = (constant: Labels = {}): Promise<MetricFamily[]> =>
    Promise.all(
      metrics.map(async ({ name, help, type, series }) => ({
        name,
        help,
        type,
        series: await series(constant),
      })),
    );

  return {
    /** A count that only grows, one series per set of labels. */
    counter(name: string, help: string) {
      const series = new Map<string, { labels: Labels; value: number }>();
      return add({
        name,
        help,
        type: 'counter',
        inc(labels: Labels = {}, by = 1) {
          const key = labelText(labels);
          const entry = series.get(key);
          if (entry) entry.value += by;
          else series.set(key, { labels, value: by });
        },
        series: (constant) =>
          [...series.values()].map(
            ({ labels, value }) => `${name}${labelText({ ...constant, ...labels })} ${value}`,
          ),
      });
    },

    /**
     * A value read when Prometheus asks (a list of series, or none when it does not apply); a
     * `counter` when what is read only grows (CPU seconds).
     */
    read(
      name: string,
      help: string,
      read: () => Series | Promise<Series>,
      type: 'gauge' | 'counter' = 'gauge',
    ) {
      return add({
        name,
        help,
        type,
        series: async (constant) =>
          (await read()).map(
            ({ labels = {}, value }) => `${name}${labelText({ ...constant, ...labels })} ${value}`,
          ),
      });
    },

    /** How many observations fell at or under each bound, their sum and count, per label set. */
    histogram(name: string, help: string, bounds: number[]) {
      const series = new Map<
        string,
        { labels: Labels; buckets: number[]; sum: number; count: number }
      >();
      return add({
        name,
        help,
        type: 'histogram',
        observe(labels: Labels, value: number) {
          const key = labelText(labels);
          let entry = series.get(key);
          if (!entry) {
            entry = { labels, buckets: bounds.map(() => 0), sum: 0, count: 0 };
            series.set(key, entry);
          }
          bounds.forEach((bound, index) => {
            if (value <= bound) entry.buckets[index]! += 1;
          });
          entry.sum += value;
          entry.count += 1;
        },
        series: (constant) =>
          [...series.values()].flatMap(({ labels, buckets, sum, count }) => {
            const all = { ...constant, ...labels };
            return [
              ...bounds.map(
                (bound, index) =>
                  `${name}_bucket${labelText({ ...all, le: bound })} ${buckets[index]}`,
              ),
              `${name}_bucket${labelText({ ...all, le: '+Inf' })} ${count}`,
              `${name}_sum${labelText(all)} ${sum}`,
              `${name}_count${labelText(all)} ${count}`,
            ];
          }),
      });
    },

    /** Every metric, in the order it was declared, each series with the `constant` labels. */
    families,

    /** Every metric, in the order it was declared, as Prometheus reads it. */
    text: async () => exposition(await families()),
  };
}
