import { useState } from 'react';

/**
 * A view's actions one at a time: `run` marks the view busy, clears the last error, performs
 * the action, then `after` (the view's reload); a failure is kept in `error` for the view to
 * describe (describeApiError), never thrown into React.
 */
export function useBusyAction(after: () => Promise<unknown>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const run = async (action: () => Promise<unknown>): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
      await after();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, run };
}
