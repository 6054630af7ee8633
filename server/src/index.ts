export { cerclePlugin, createApp, type AppOptions } from './app.ts';
export { ConfigError, loadConfig, type Config } from './config.ts';
export { loadDemoFederation } from './demo/demo-federation.ts';
export type { Mailer, OutgoingMail } from './mail/mailer.ts';
export { defaultThrottleLimits, type ThrottleLimits } from './modules/auth/login-throttle.ts';
export { sessionCookieName } from './modules/auth/sessions.ts';
export { hashPassword } from './modules/auth/passwords.ts';
export {
  notifyClosingSoon,
  notifyFromEvents,
  sendDigests,
} from './modules/notifications/notifications.worker.ts';
export { countJobsByState } from './jobs/job-queue.ts';
export { rightsChannel } from './modules/events/rights-notice.ts';
