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

function header(name: string, help: string, type: string) {
  return [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`];
}

type Series = { labels?: Labels; value: number }[];

interface Metric {
  lines(): string[] | Promise<string[]>;
}

export function createRegistry() {
  const metrics: Metric[] = [];
  const add = <T extends Metric>(metric: T) => (metrics.push(metric), metric);

  return {
    /** A count that only grows, one series per set of labels. */
    counter(name: string, help: string) {
      const series = new Map<string, number>();
      return add({
        inc(labels: Labels = {}, by = 1) {
          const key = labelText(labels);
          series.set(key, (series.get(key) ?? 0) + by);
        },
        lines: () => [
          ...header(name, help, 'counter'),
          ...[...series].map(([labels, value]) => `${name}${labels} ${value}`),
        ],
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
        lines: async () => [
          ...header(name, help, type),
          ...(await read()).map(({ labels = {}, value }) => `${name}${labelText(labels)} ${value}`),
        ],
      });
    },

    /** How many observations fell at or under each bound, their sum and count, per label set. */
    histogram(name: string, help: string, bounds: number[]) {
      const series = new Map<
        string,
        { labels: Labels; buckets: number[]; sum: number; count: number }
      >();
      return add({
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
        lines: () => [
          ...header(name, help, 'histogram'),
          ...[...series.values()].flatMap(({ labels, buckets, sum, count }) => [
            ...bounds.map(
              (bound, index) =>
                `${name}_bucket${labelText({ ...labels, le: bound })} ${buckets[index]}`,
            ),
            `${name}_bucket${labelText({ ...labels, le: '+Inf' })} ${count}`,
            `${name}_sum${labelText(labels)} ${sum}`,
            `${name}_count${labelText(labels)} ${count}`,
          ]),
        ],
      });
    },

    /** Every metric, in the order it was declared. */
    async text() {
      const lines = await Promise.all(metrics.map((metric) => metric.lines()));
      return `${lines.flat().join('\n')}\n`;
    },
  };
}
