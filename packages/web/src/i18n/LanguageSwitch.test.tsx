// @vitest-environment jsdom
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { I18n } from './i18n.ts';
import { I18nProvider, useI18n } from './I18nProvider.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';

function Heading() {
  const { t } = useI18n();
  return <h1>{t('dispatcher.queue.title')}</h1>;
}

describe('<LanguageSwitch>', () => {
  it('switches every string, <html lang> and the title, and remembers the choice', async () => {
    localStorage.clear();
    const i18n = new I18n({ languages: ['zh-CN'], storage: localStorage });
    render(
      <I18nProvider i18n={i18n}>
        <Heading />
        <LanguageSwitch />
      </I18nProvider>,
    );
    expect(screen.getByRole('heading').textContent).toBe('警情队列');
    expect(document.documentElement.lang).toBe('zh-CN');
    expect(screen.getByRole('button', { name: '中文' }).getAttribute('aria-pressed')).toBe('true');

    await userEvent.click(screen.getByRole('button', { name: 'English' }));

    expect(screen.getByRole('heading').textContent).toBe('Incident queue');
    expect(document.documentElement.lang).toBe('en');
    expect(document.title).toBe('Jiefang command & dispatch');
    expect(screen.getByRole('button', { name: 'English' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    expect(localStorage.getItem('jiefang.locale')).toBe('en');
  });
});
