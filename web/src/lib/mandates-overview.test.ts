import { describe, expect, it } from 'vitest';
import type { CongressMotion } from '@cercle/shared';
import { mandatesByAntenna } from './mandates-overview.ts';

const motion = (
  id: string,
  status: CongressMotion['status'],
  mandates: [string, 'for' | 'against'][],
) =>
  ({
    id,
    reference: `CG-2027-00${id}`,
    title: `Motion ${id}`,
    status,
    mandates: mandates.map(([antennaId, mandate]) => ({
      antenna: { id: antennaId, name: antennaId },
      mandate,
      pollId: null,
      note: '',
      recordedBy: null,
      recordedAt: '2027-01-01T00:00:00.000Z',
    })),
  }) as unknown as CongressMotion;

describe('mandatesByAntenna', () => {
  it('lists every debated motion for every antenna, given or still to give, mine first', () => {
    const motions = [
      motion('1', 'admitted', [['bzh', 'for']]),
      motion('2', 'scheduled', []),
      motion('3', 'merged', [['occ', 'against']]),
    ];
    const antennas = [
      { id: 'bzh', name: 'MES Bretagne' },
      { id: 'occ', name: 'MES Occitanie' },
    ];
    const overview = mandatesByAntenna(motions, antennas, new Set(['occ']));
    expect(overview.map((row) => [row.antenna.name, row.mine, row.given, row.rows.length])).toEqual(
      [
        ['MES Occitanie', true, 0, 2],
        ['MES Bretagne', false, 1, 2],
      ],
    );
    expect(overview[1]!.rows.map((row) => [row.motionId, row.mandate])).toEqual([
      ['1', 'for'],
      ['2', null],
    ]);
  });
});
