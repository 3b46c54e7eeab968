import { useEffect, useId, useRef, useState, type KeyboardEvent, type Ref } from 'react';
import type { ApiClient } from '../../api/api-client.ts';
import { describeApiError } from '../../api/describe-api-error.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { localName } from '../../i18n/local-name.ts';
import { formatDistance } from './format.ts';
import { placeKindName } from './place-kind.ts';
import { dispatcherApi, type PlaceHit } from './dispatcher-api.ts';

/** Wait after the last keystroke before asking the server. */
export const SEARCH_DEBOUNCE_MS = 150;

export interface PlaceSearchProps {
  api: ApiClient;
  /** Equally good matches nearer this point come first (the map's centre). */
  near?: () => { lon: number; lat: number } | undefined;
  onPick: (hit: PlaceHit) => void;
  inputRef?: Ref<HTMLInputElement>;
  invalid?: boolean;
  describedBy?: string;
  label: string;
}

/**
 * As-you-type search over the city's places and streets (GET /places/search): ↑/↓ move through
 * the hits, Enter takes one, Esc closes the list (and only the list).
 */
export function PlaceSearch({
  api,
  near,
  onPick,
  inputRef,
  invalid,
  describedBy,
  label,
}: PlaceSearchProps) {
  const { t, i18n, locale } = useI18n();
  const listId = useId();
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<PlaceHit[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [status, setStatus] = useState<'idle' | 'searching' | 'error'>('idle');
  const [error, setError] = useState<string>();
  const nearRef = useRef(near);
  // The list closes a moment after blur (a click on a row lands first); never after unmount.
  const closeTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(closeTimer.current), []);
  nearRef.current = near;

  useEffect(() => {
    const q = query.trim();
    if (q === '') {
      setHits([]);
      setStatus('idle');
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setStatus('searching');
      dispatcherApi
        .searchPlaces(api, q, nearRef.current?.(), controller.signal)
        .then((answer) => {
          setHits(answer);
          setActive(0);
          setStatus('idle');
        })
        .catch((e: unknown) => {
          if (controller.signal.aborted) return;
          setHits([]);
          setStatus('error');
          setError(describeApiError(i18n, e));
        });
    }, SEARCH_DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [api, i18n, query]);

  const pick = (hit: PlaceHit) => {
    onPick(hit);
    setQuery(localName(hit, locale));
    setOpen(false);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' && hits.length > 0) {
      event.preventDefault();
      setOpen(true);
      setActive((i) => (i + 1) % hits.length);
    } else if (event.key === 'ArrowUp' && hits.length > 0) {
      event.preventDefault();
      setOpen(true);
      setActive((i) => (i - 1 + hits.length) % hits.length);
    } else if (event.key === 'Enter') {
      // Enter in the search never submits the form: it takes the highlighted place.
      event.preventDefault();
      if (open && hits[active]) pick(hits[active]);
    } else if (event.key === 'Escape' && open && hits.length > 0) {
      // Close the list only; the page's Escape (close the form) is for the next press.
      event.preventDefault();
      setOpen(false);
    }
  };

  const showList = open && query.trim() !== '';
  return (
    <div className="place-search">
      <input
        ref={inputRef}
        type="search"
        role="combobox"
        aria-label={label}
        aria-expanded={showList && hits.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={showList && hits[active] ? `${listId}-${active}` : undefined}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        placeholder={t('dispatcher.form.placePlaceholder')}
        autoComplete="off"
        // The server's limit for a place name (GET /api/v1/places/search q).
        maxLength={100}
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => {
          clearTimeout(closeTimer.current);
          closeTimer.current = setTimeout(() => setOpen(false), 150);
        }}
        onKeyDown={onKeyDown}
      />
      {showList && (
        <ul id={listId} role="listbox" className="place-hits" aria-label={label}>
          {status === 'searching' && hits.length === 0 && (
            <li className="place-hit-note">{t('dispatcher.form.searching')}</li>
          )}
          {status === 'error' && <li className="place-hit-note is-error">{error}</li>}
          {status === 'idle' && hits.length === 0 && (
            <li className="place-hit-note">{t('dispatcher.form.noPlaces')}</li>
          )}
          {hits.map((hit, i) => (
            <li
              key={`${hit.type}-${hit.name}-${hit.lon}-${hit.lat}`}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'place-hit is-active' : 'place-hit'}
              onMouseDown={(e) => e.preventDefault()}
              onMouseEnter={() => setActive(i)}
              onClick={() => pick(hit)}
            >
              <span className="place-hit-name">{localName(hit, locale)}</span>
              <span className="place-hit-meta">
                <span className="place-hit-kind">{placeKindName(i18n, hit.kind)}</span>
                {/* What the typed text matched, when the list shows another language's name. */}
                {hit.matchedName !== localName(hit, locale) ? ` · ${hit.matchedName}` : ''}
                {hit.address
                  ? ` · ${hit.address}`
                  : hit.street
                    ? ` · ${t('place.onStreet', { street: hit.street })}`
                    : ''}
                {hit.distanceM !== undefined ? ` · ${formatDistance(t, hit.distanceM)}` : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
