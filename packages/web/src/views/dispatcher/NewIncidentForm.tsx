import type { Map as MapLibreMap, MapMouseEvent } from 'maplibre-gl';
import { useEffect, useId, useRef, useState, type FormEvent, type Ref } from 'react';
import type { ApiClient } from '../../api/api-client.ts';
import { ApiError } from '../../api/api-error.ts';
import type { Incident, IncidentLocation, Priority } from '@jiefang/contract';
import { describeApiError } from '../../api/describe-api-error.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { placeNameIn } from '../../i18n/local-name.ts';
import type { MessageKey } from '../../i18n/messages.ts';
import { dispatcherApi, type Category, type NewIncident, type PlaceHit } from './dispatcher-api.ts';
import { PlaceSearch } from './PlaceSearch.tsx';

export type FormField =
  'category' | 'priority' | 'description' | 'reporterName' | 'reporterPhone' | 'location';

/** The server's field names (`location.lon`, `reporter.phone`…) → the form's fields. */
export function formFieldOf(serverField: string | undefined): FormField | undefined {
  if (!serverField) return undefined;
  const head = serverField.replace(/^body\./, '');
  if (head.startsWith('categoryCode')) return 'category';
  if (head.startsWith('priority')) return 'priority';
  if (head.startsWith('description')) return 'description';
  if (head.startsWith('reporter.phone')) return 'reporterPhone';
  if (head.startsWith('reporter')) return 'reporterName';
  if (head.startsWith('location')) return 'location';
  return undefined;
}

const PHONE = /^\+?[0-9][0-9 -]{1,22}[0-9]$/;

export interface FormValues {
  categoryCode: string;
  priority: Priority | undefined;
  description: string;
  reporterName: string;
  reporterPhone: string;
  location: IncidentLocation | undefined;
}

type FieldErrors = Partial<Record<FormField, string>>;

/** What the console checks before sending (the server checks again and may name more). */
export function validateForm(values: FormValues): Partial<Record<FormField, MessageKey>> {
  const errors: Partial<Record<FormField, MessageKey>> = {};
  if (!values.categoryCode) errors.category = 'dispatcher.form.error.category';
  if (values.description.trim() === '') errors.description = 'dispatcher.form.error.description';
  if (values.description.length > 4000) errors.description = 'dispatcher.form.error.tooLong';
  if (!values.location) errors.location = 'dispatcher.form.error.location';
  const phone = values.reporterPhone.trim();
  if (phone !== '' && !PHONE.test(phone)) errors.reporterPhone = 'dispatcher.form.error.phone';
  if (values.reporterName.length > 200) errors.reporterName = 'dispatcher.form.error.tooLong';
  return errors;
}

export function toRequest(values: FormValues): NewIncident {
  const reporter = {
    ...(values.reporterName.trim() ? { name: values.reporterName.trim() } : {}),
    ...(values.reporterPhone.trim() ? { phone: values.reporterPhone.trim() } : {}),
  };
  return {
    source: 'call',
    categoryCode: values.categoryCode,
    ...(values.priority ? { priority: values.priority } : {}),
    location: values.location!,
    ...(Object.keys(reporter).length > 0 ? { reporter } : {}),
    description: values.description.trim(),
  };
}

export interface NewIncidentFormProps {
  api: ApiClient;
  categories: readonly Category[];
  map?: MapLibreMap;
  onCreated: (incident: Incident) => void;
  onClose: () => void;
  searchRef?: Ref<HTMLInputElement>;
}

const EMPTY: FormValues = {
  categoryCode: '',
  priority: undefined,
  description: '',
  reporterName: '',
  reporterPhone: '',
  location: undefined,
};

/**
 * Taking a call: category (its default priority unless the dispatcher sets one), description,
 * reporter, and the place — searched by name or clicked on the map. Errors the server names
 * (ERR_VALIDATION with `field`/`problems`, a point off the road network) appear beside the field.
 */
export function NewIncidentForm({
  api,
  categories,
  map,
  onCreated,
  onClose,
  searchRef,
}: NewIncidentFormProps) {
  const { t, i18n, locale } = useI18n();
  const formId = useId();
  const [values, setValues] = useState<FormValues>(EMPTY);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [picking, setPicking] = useState(false);
  const attempt = useRef<{ body: string; key: string } | undefined>(undefined);

  const set = <K extends keyof FormValues>(key: K, value: FormValues[K]) =>
    setValues((v) => ({ ...v, [key]: value }));

  // The chosen place on the map: a marker while the form is open.
  useEffect(() => {
    const location = values.location;
    if (!map || !location) return;
    // An element over the map kept at the point as the map moves: MapLibre's Marker without
    // importing MapLibre here (the form and its tests do not need it, and the bundle stays one).
    const element = document.createElement('div');
    element.className = 'pick-marker';
    element.style.position = 'absolute';
    element.style.pointerEvents = 'none';
    element.style.left = '0';
    element.style.top = '0';
    element.style.zIndex = '2';
    map.getContainer().appendChild(element);
    const follow = () => {
      const at = map.project([location.lon, location.lat]);
      element.style.transform = `translate(${at.x - 12}px, ${at.y - 12}px)`;
    };
    follow();
    map.on('move', follow);
    return () => {
      map.off('move', follow);
      element.remove();
    };
  }, [map, values.location]);

  // Pick on the map: the next click sets the place (with the road name drawn there, if any).
  useEffect(() => {
    if (!map || !picking) return;
    const canvas = map.getCanvas();
    canvas.classList.add('is-picking');
    const onClick = (event: MapMouseEvent) => {
      const { lng, lat } = event.lngLat;
      const near = map.queryRenderedFeatures([
        [event.point.x - 8, event.point.y - 8],
        [event.point.x + 8, event.point.y + 8],
      ]);
      const named = near.find(
        (f) => f.source === 'city' && typeof f.properties?.name === 'string' && f.properties.name,
      );
      const name = named?.properties?.name as string | undefined;
      set('location', {
        lon: round(lng),
        lat: round(lat),
        ...(name ? { address: name } : {}),
      });
      setErrors((e) => ({ ...e, location: undefined }));
      setPicking(false);
    };
    map.once('click', onClick);
    return () => {
      canvas.classList.remove('is-picking');
      map.off('click', onClick);
    };
  }, [map, picking]);

  const chooseCategory = (code: string) => {
    setValues((v) => ({ ...v, categoryCode: code }));
    setErrors((e) => ({ ...e, category: undefined }));
  };

  const pickPlace = (hit: PlaceHit) => {
    set('location', {
      lon: hit.lon,
      lat: hit.lat,
      ...(hit.type === 'poi' ? { placeName: hit.name } : { address: hit.name }),
      ...(hit.type === 'poi' && hit.localNames ? { placeLocalNames: hit.localNames } : {}),
      ...(hit.type === 'poi' && hit.address ? { address: hit.address } : {}),
    });
    setErrors((e) => ({ ...e, location: undefined }));
    map?.easeTo({ center: [hit.lon, hit.lat], zoom: Math.max(map.getZoom(), 15.5), duration: 400 });
  };

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (busy) return;
    const local = validateForm(values);
    if (Object.keys(local).length > 0) {
      setErrors(Object.fromEntries(Object.entries(local).map(([f, key]) => [f, t(key)])));
      setFormError(t('dispatcher.form.error.check'));
      return;
    }
    const request = toRequest(values);
    const body = JSON.stringify(request);
    // The same call sent again after a failure keeps its Idempotency-Key: never two incidents.
    if (attempt.current?.body !== body) attempt.current = { body, key: crypto.randomUUID() };
    setBusy(true);
    setErrors({});
    setFormError(undefined);
    try {
      const incident = await dispatcherApi.createIncident(api, request, attempt.current.key);
      attempt.current = undefined;
      onCreated(incident);
    } catch (error) {
      setFormError(describeApiError(i18n, error));
      if (error instanceof ApiError) {
        const found: FieldErrors = {};
        // Only the fields the server named are used; its English wording is not shown.
        const fields = error.problems.length
          ? error.problems.map((p) => p.field)
          : error.field
            ? [error.field]
            : [];
        for (const named of fields) {
          const field = formFieldOf(named);
          if (field && !found[field]) {
            found[field] =
              error.code === 'ERR_POINT_NOT_ON_NETWORK'
                ? t('error.ERR_POINT_NOT_ON_NETWORK')
                : t('dispatcher.form.error.server');
          }
        }
        setErrors(found);
        // Only a failure that never reached a decision is retried with the same key.
        if (!error.retryable) attempt.current = undefined;
      }
    } finally {
      setBusy(false);
    }
  };

  const fieldError = (field: FormField) =>
    errors[field] ? (
      <span className="field-error" id={`nif-${field}-error`} role="alert">
        {errors[field]}
      </span>
    ) : null;
  const invalid = (field: FormField) => (errors[field] ? true : undefined);
  const describedBy = (field: FormField) => (errors[field] ? `nif-${field}-error` : undefined);
  const category = categories.find((c) => c.code === values.categoryCode);
  const location = values.location;

  return (
    <section className="panel new-incident" aria-labelledby="nif-title">
      <header className="panel-header">
        <h2 id="nif-title">{t('dispatcher.form.title')}</h2>
        <button type="button" className="small-button" onClick={onClose}>
          {t('common.close')} <kbd>Esc</kbd>
        </button>
      </header>
      <form className="dense-form" onSubmit={(e) => void submit(e)} noValidate>
        <div className="form-row">
          <div className="dense-field grow">
            <label htmlFor={`${formId}-category`}>{t('dispatcher.form.category')}</label>
            <select
              id={`${formId}-category`}
              value={values.categoryCode}
              onChange={(e) => chooseCategory(e.target.value)}
              aria-invalid={invalid('category')}
              aria-describedby={describedBy('category')}
              autoFocus
            >
              <option value="">{t('dispatcher.form.choose')}</option>
              {categories.map((c) => (
                <option key={c.code} value={c.code}>
                  {locale === 'zh-CN' ? c.names.zh : c.names.en} ·{' '}
                  {t('priority.short', { priority: c.defaultPriority })}
                </option>
              ))}
            </select>
            {fieldError('category')}
          </div>
          <div className="dense-field">
            <label htmlFor={`${formId}-priority`}>{t('dispatcher.form.priority')}</label>
            <select
              id={`${formId}-priority`}
              value={values.priority ?? ''}
              onChange={(e) =>
                set('priority', e.target.value ? (Number(e.target.value) as Priority) : undefined)
              }
              aria-invalid={invalid('priority')}
              aria-describedby={describedBy('priority')}
            >
              <option value="">
                {category
                  ? t('dispatcher.form.priorityDefault', { priority: category.defaultPriority })
                  : t('dispatcher.form.priorityAuto')}
              </option>
              {([1, 2, 3, 4] as const).map((p) => (
                <option key={p} value={p}>
                  {t(`priority.${p}`)}
                </option>
              ))}
            </select>
            {fieldError('priority')}
          </div>
        </div>

        <div className="dense-field">
          <span id="nif-place-label">{t('dispatcher.form.place')}</span>
          <div className="place-row">
            <PlaceSearch
              api={api}
              label={t('dispatcher.form.place')}
              inputRef={searchRef}
              onPick={pickPlace}
              near={() =>
                map ? { lon: map.getCenter().lng, lat: map.getCenter().lat } : undefined
              }
              invalid={invalid('location')}
              describedBy={describedBy('location')}
            />
            <button
              type="button"
              className={picking ? 'small-button is-active' : 'small-button'}
              onClick={() => setPicking((p) => !p)}
              disabled={!map}
              aria-pressed={picking}
            >
              {picking ? t('dispatcher.form.picking') : t('dispatcher.form.pickOnMap')}
            </button>
          </div>
          {location && (
            <span className="place-chosen" data-testid="place-chosen">
              {placeNameIn(location, locale) ?? location.address ?? t('dispatcher.form.mapPoint')}
              <span className="muted">
                {' '}
                {location.lon.toFixed(5)}, {location.lat.toFixed(5)}
              </span>
            </span>
          )}
          {fieldError('location')}
        </div>

        <div className="dense-field">
          <label htmlFor={`${formId}-description`}>{t('dispatcher.form.description')}</label>
          <textarea
            id={`${formId}-description`}
            rows={3}
            value={values.description}
            onChange={(e) => {
              set('description', e.target.value);
              setErrors((er) => ({ ...er, description: undefined }));
            }}
            aria-invalid={invalid('description')}
            aria-describedby={describedBy('description')}
          />
          {fieldError('description')}
        </div>

        <div className="form-row">
          <div className="dense-field grow">
            <label htmlFor={`${formId}-reporterName`}>{t('dispatcher.form.reporterName')}</label>
            <input
              id={`${formId}-reporterName`}
              value={values.reporterName}
              onChange={(e) => set('reporterName', e.target.value)}
              aria-invalid={invalid('reporterName')}
              aria-describedby={describedBy('reporterName')}
              autoComplete="off"
            />
            {fieldError('reporterName')}
          </div>
          <div className="dense-field grow">
            <label htmlFor={`${formId}-reporterPhone`}>{t('dispatcher.form.reporterPhone')}</label>
            <input
              id={`${formId}-reporterPhone`}
              type="tel"
              value={values.reporterPhone}
              onChange={(e) => {
                set('reporterPhone', e.target.value);
                setErrors((er) => ({ ...er, reporterPhone: undefined }));
              }}
              aria-invalid={invalid('reporterPhone')}
              aria-describedby={describedBy('reporterPhone')}
              autoComplete="off"
            />
            {fieldError('reporterPhone')}
          </div>
        </div>

        {formError && <p className="form-error compact">{formError}</p>}
        <div className="form-actions">
          <button type="submit" className="primary-button compact" disabled={busy}>
            {busy ? t('dispatcher.form.creating') : t('dispatcher.form.create')}
          </button>
          <span className="muted small">{t('dispatcher.form.hint')}</span>
        </div>
      </form>
    </section>
  );
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
