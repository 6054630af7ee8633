export * from './auth.ts';
export * from './invitations.ts';
export * from './organisation.ts';
export * from './events.ts';
export * from './motions.ts';
export * from './polls.ts';
export * from './notifications.ts';
export * from './meetings.ts';
