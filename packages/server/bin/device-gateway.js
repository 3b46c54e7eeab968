// A device gateway process, forked by the server (src/gateway/device-gateways.ts). Run through
// tsx like the CLI, so a checkout needs no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/gateway/device-gateway-worker.ts');
