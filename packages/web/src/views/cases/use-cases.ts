import { useCallback, useEffect, useState } from 'react';
import { useSession } from '../../auth/SessionProvider.tsx';
import { casesApi, type CaseCategory, type CaseSummary } from './cases-api.ts';

/** The open cases the caller may see (the server filters and orders, overdue first), reloadable. */
export function useCases() {
  const { api } = useSession();
  const [cases, setCases] = useState<CaseSummary[]>([]);
  const [categories, setCategories] = useState<CaseCategory[]>([]);
  const [error, setError] = useState<unknown>(null);
  const reload = useCallback(async () => {
    try {
      setCases(await casesApi.list(api));
      setError(null);
    } catch (failure) {
      setError(failure);
    }
  }, [api]);
  useEffect(() => {
    void reload();
    void casesApi.catalogue(api).then((c) => setCategories(c.categories), setError);
    const timer = setInterval(() => void reload(), 15_000);
    return () => clearInterval(timer);
  }, [api, reload]);
  return { api, cases, categories, error, setError, reload };
}
