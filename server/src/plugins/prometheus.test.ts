import { describe, expect, it } from 'vitest';
import { createRegistry, exposition, mergeFamilies } from './prometheus.ts';

/** A worker's registry as the metrics plugin builds it, with a request counted. */
function workerRegistry(requests: number) {
  const registry = createRegistry();
  registry.counter('requests_total', 'Requests.').inc({ route: '/api/health' }, requests);
  registry.read('sockets', 'Sockets open.', () => [{ value: requests * 10 }]);
  registry.histogram('duration_seconds', 'Durations.', [0.1]).observe({ route: '/x' }, 0.05);
  return registry;
}

describe('metrics of several workers', () => {
  it('are one exposition: each metric once, every worker’s series under it, labelled', async () => {
    const one = await workerRegistry(1).families({ worker: 1 });
    const two = await workerRegistry(2).families({ worker: 2 });
    expect(exposition(mergeFamilies([one, two]))).toBe(
      [
        '# HELP requests_total Requests.',
        '# TYPE requests_total counter',
        'requests_total{worker="1",route="/api/health"} 1',
        'requests_total{worker="2",route="/api/health"} 2',
        '# HELP sockets Sockets open.',
        '# TYPE sockets gauge',
        'sockets{worker="1"} 10',
        'sockets{worker="2"} 20',
        '# HELP duration_seconds Durations.',
        '# TYPE duration_seconds histogram',
        'duration_seconds_bucket{worker="1",route="/x",le="0.1"} 1',
        'duration_seconds_bucket{worker="1",route="/x",le="+Inf"} 1',
        'duration_seconds_sum{worker="1",route="/x"} 0.05',
        'duration_seconds_count{worker="1",route="/x"} 1',
        'duration_seconds_bucket{worker="2",route="/x",le="0.1"} 1',
        'duration_seconds_bucket{worker="2",route="/x",le="+Inf"} 1',
        'duration_seconds_sum{worker="2",route="/x"} 0.05',
        'duration_seconds_count{worker="2",route="/x"} 1',
        '',
      ].join('\n'),
    );
  });

  it('leave one process’s exposition without a worker label', async () => {
    expect(await workerRegistry(3).text()).toContain('requests_total{route="/api/health"} 3\n');
    expect(await workerRegistry(3).text()).toContain('sockets 30\n');
  });
});
