export { createServer, type JiefangServer, type CreateServerOptions } from './app.ts';
export { startServer, type RunningServer, type StartOptions } from './start-server.ts';
export { defaultConfig, type ServerConfig } from './config.ts';
export { seedDemoCity, DEMO_LOGINS, type DemoLogin } from './seed/demo-seed.ts';
export { PositionTracker } from './positions/position-tracker.ts';
