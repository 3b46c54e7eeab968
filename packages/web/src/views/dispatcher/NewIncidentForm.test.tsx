// @vitest-environment jsdom
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiClient } from '../../api/api-client.ts';
import type { Category, PlaceHit } from './dispatcher-api.ts';
import { json, renderKit, routedFetch, type Call } from './dispatcher-test-kit.tsx';
import { formFieldOf, NewIncidentForm, validateForm } from './NewIncidentForm.tsx';

afterEach(cleanup);

const categories: Category[] = [
  { code: 'fight', names: { zh: '打架斗殴', en: 'fight' }, defaultPriority: 2, policeMatter: true },
  { code: 'theft', names: { zh: '盗窃', en: 'theft' }, defaultPriority: 3, policeMatter: true },
];

const hits: PlaceHit[] = [
  {
    type: 'poi',
    name: '中央商场',
    localNames: { zh: '中央商场', en: 'Central Emporium' },
    matchedName: '中央商场',
    kind: 'shop=mall',
    lon: 118.7801,
    lat: 32.0412,
    altNames: [],
  },
  {
    type: 'street',
    name: '中山路',
    localNames: { zh: '中山路', en: 'Zhongshan Road' },
    matchedName: '中山路',
    kind: 'street',
    lon: 118.781,
    lat: 32.042,
    altNames: [],
  },
];

function renderForm(create: (call: Call) => Response) {
  const { fetch, calls } = routedFetch({
    'GET /api/v1/places/search': () => json(200, hits),
    'POST /api/v1/incidents': create,
  });
  const api = new ApiClient({ fetch, createRetries: 0 });
  const onCreated = vi.fn();
  const { tree } = renderKit(
    api,
    <NewIncidentForm api={api} categories={categories} onCreated={onCreated} onClose={() => {}} />,
  );
  render(tree);
  return { calls, onCreated };
}

async function fillValid() {
  await userEvent.selectOptions(screen.getByLabelText('Category'), 'fight');
  await userEvent.type(screen.getByRole('combobox', { name: 'Place' }), '中央');
  await screen.findByRole('option', { name: /中央商场/ });
  // Keyboard only: ↓ moves to the street, ↑ back to the mall, Enter takes it.
  await userEvent.keyboard('{ArrowDown}{ArrowUp}{Enter}');
  await userEvent.type(screen.getByLabelText('What happened'), 'two men fighting');
}

describe('<NewIncidentForm>', () => {
  it('names every missing field beside it and sends nothing', async () => {
    const { calls } = renderForm(() => json(201, {}));
    await userEvent.click(screen.getByRole('button', { name: 'Create incident' }));
    expect(screen.getByLabelText('Category').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Choose a category.')).toBeTruthy();
    expect(screen.getByText('Say what happened.')).toBeTruthy();
    expect(screen.getByText('Search a place or pick a point on the map.')).toBeTruthy();
    expect(screen.getByText('Please check the marked fields.')).toBeTruthy();
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);
  });

  it('checks the phone format before sending', () => {
    const base = {
      categoryCode: 'fight',
      priority: undefined,
      description: 'x',
      reporterName: '',
      location: { lon: 1, lat: 2 },
    };
    expect(validateForm({ ...base, reporterPhone: '138 0000 0000' })).toEqual({});
    expect(validateForm({ ...base, reporterPhone: 'call me' })).toEqual({
      reporterPhone: 'dispatcher.form.error.phone',
    });
  });

  it('takes the place by keyboard from the search and creates the incident with an Idempotency-Key', async () => {
    const { calls, onCreated } = renderForm((call) =>
      json(201, { id: 'incident-9', ...(call.body as object) }),
    );
    await fillValid();
    // The English console shows the place's English name; the incident keeps the city's name.
    expect(screen.getByTestId('place-chosen').textContent).toContain('Central Emporium');
    await userEvent.click(screen.getByRole('button', { name: 'Create incident' }));
    await waitFor(() => expect(onCreated).toHaveBeenCalled());
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.body).toEqual({
      source: 'call',
      categoryCode: 'fight',
      location: {
        lon: 118.7801,
        lat: 32.0412,
        placeName: '中央商场',
        placeLocalNames: { zh: '中央商场', en: 'Central Emporium' },
      },
      description: 'two men fighting',
    });
    expect(post.headers['idempotency-key']).toMatch(/.{8,}/);
  });

  it('shows the server’s field errors next to the fields it names', async () => {
    renderForm(() =>
      json(400, {
        error: {
          code: 'ERR_VALIDATION',
          message: 'reporter.phone must be shorter; description too long',
          field: 'reporter.phone',
          problems: [
            { field: 'reporter.phone', message: 'must NOT have more than 30 characters' },
            { field: 'description', message: 'must NOT have more than 4000 characters' },
          ],
        },
      }),
    );
    await fillValid();
    await userEvent.type(screen.getByLabelText('Caller phone'), '138 0000 0000');
    await userEvent.click(screen.getByRole('button', { name: 'Create incident' }));
    const phone = screen.getByLabelText('Caller phone');
    await waitFor(() => expect(phone.getAttribute('aria-invalid')).toBe('true'));
    const phoneError = document.getElementById(phone.getAttribute('aria-describedby')!)!;
    // The server's English wording never reaches the form: the field says it in the UI language.
    expect(phoneError.textContent).toBe('The server refused this value: check it.');
    const description = screen.getByLabelText('What happened');
    expect(
      document.getElementById(description.getAttribute('aria-describedby')!)!.textContent,
    ).toBe('The server refused this value: check it.');
    expect(screen.getByText('Please check the highlighted input.')).toBeTruthy();
  });

  it('puts a point off the road network next to the place', async () => {
    renderForm(() =>
      json(422, {
        error: {
          code: 'ERR_POINT_NOT_ON_NETWORK',
          message: 'location 1,2 is outside the loaded city',
          field: 'location',
        },
      }),
    );
    await fillValid();
    await userEvent.click(screen.getByRole('button', { name: 'Create incident' }));
    const place = screen.getByRole('combobox', { name: 'Place' });
    await waitFor(() => expect(place.getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById(place.getAttribute('aria-describedby')!)!.textContent).toBe(
      'That point is outside the city’s road network.',
    );
  });

  it('maps server field names to the form', () => {
    expect(formFieldOf('location.lon')).toBe('location');
    expect(formFieldOf('reporter.phone')).toBe('reporterPhone');
    expect(formFieldOf('reporter')).toBe('reporterName');
    expect(formFieldOf('categoryCode')).toBe('category');
    expect(formFieldOf('orgId')).toBeUndefined();
  });
});
