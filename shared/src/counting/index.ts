export * from './types.ts';
export * from './seats.ts';
export * from './ties.ts';
export * from './majority-judgment.ts';
export * from './marks.ts';
export * from './two-round.ts';
export * from './stv.ts';
export * from './explanation.ts';
