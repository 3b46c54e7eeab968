import type { ConsoleConfig } from '@jiefang/contract';
import type { ApiClient } from './api-client.ts';

/** The city's time zone and, in demo mode, the demo logins (no session needed). */
export function fetchConsoleConfig(api: ApiClient): Promise<ConsoleConfig> {
  return api.get<ConsoleConfig>('/api/v1/console-config');
}
