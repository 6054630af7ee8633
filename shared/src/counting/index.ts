export * from './types.ts';
export * from './seats.ts';
export * from './ties.ts';
export * from './stv.ts';
