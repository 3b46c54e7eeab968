// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiClient } from '../api/api-client.ts';
import { I18n } from '../i18n/i18n.ts';
import { I18nProvider } from '../i18n/I18nProvider.tsx';
import { LoginPage } from './LoginPage.tsx';
import { SessionProvider } from './SessionProvider.tsx';

afterEach(cleanup);

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** GET /auth/me says "not logged in"; POST /auth/login answers with `login`. */
function renderLogin(login: () => Response | Promise<Response>, languages = ['en']) {
  const fetch = (async (url: string | URL | Request) => {
    if (String(url).endsWith('/auth/me')) {
      return json(401, { error: { code: 'ERR_UNAUTHENTICATED', message: 'no session' } });
    }
    return login();
  }) as typeof globalThis.fetch;
  const api = new ApiClient({ fetch, createRetries: 0 });
  render(
    <I18nProvider i18n={new I18n({ languages })}>
      <SessionProvider api={api}>
        <LoginPage />
      </SessionProvider>
    </I18nProvider>,
  );
}

async function submit(username: string, password: string) {
  await userEvent.type(screen.getByLabelText(/user name|用户名/i), username);
  await userEvent.type(screen.getByLabelText(/password|密码/i), password);
  await userEvent.click(screen.getByRole('button', { name: /sign in|登录/i }));
}

describe('<LoginPage>', () => {
  it('shows the message of ERR_BAD_CREDENTIALS and marks the field the server named', async () => {
    renderLogin(() =>
      json(401, {
        error: {
          code: 'ERR_BAD_CREDENTIALS',
          message: 'wrong user name or password',
          field: 'password',
        },
      }),
    );
    await submit('dispatcher', 'wrong');
    expect((await screen.findByRole('alert')).textContent).toBe('Wrong user name or password.');
    expect(screen.getByLabelText('Password').getAttribute('aria-invalid')).toBe('true');
    expect((screen.getByLabelText('Password') as HTMLInputElement).value).toBe('');
  });

  it('says so in Chinese when the browser is Chinese', async () => {
    renderLogin(
      () => json(401, { error: { code: 'ERR_BAD_CREDENTIALS', message: 'x', field: 'password' } }),
      ['zh-CN'],
    );
    await submit('dispatcher', 'wrong');
    expect((await screen.findByRole('alert')).textContent).toBe('用户名或密码错误。');
  });

  it('tells a rate limit, a server failure and a lost connection apart', async () => {
    renderLogin(() => json(429, { error: { code: 'ERR_RATE_LIMITED', message: 'slow down' } }));
    await submit('dispatcher', 'x');
    expect((await screen.findByRole('alert')).textContent).toMatch(/Too many attempts/);
    cleanup();

    renderLogin(() => new Response('<html>502</html>', { status: 502 }));
    await submit('dispatcher', 'x');
    expect((await screen.findByRole('alert')).textContent).toBe(
      'The server answered HTTP 502 in an unexpected form.',
    );
    cleanup();

    renderLogin(() => Promise.reject(new TypeError('Failed to fetch')));
    await submit('dispatcher', 'x');
    expect((await screen.findByRole('alert')).textContent).toMatch(/No connection to the server/);
  });

  it('shows an unknown code with the code itself', async () => {
    renderLogin(() => json(418, { error: { code: 'ERR_TEAPOT', message: 'short and stout' } }));
    await submit('dispatcher', 'x');
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Something went wrong (ERR_TEAPOT).',
    );
  });
});
