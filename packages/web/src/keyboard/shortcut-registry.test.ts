// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { comboOf, normaliseKeys, ShortcutRegistry } from './shortcut-registry.ts';

const press = (key: string, init: KeyboardEventInit = {}, target: EventTarget = document.body) => {
  const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init });
  target.dispatchEvent(event);
  return event;
};

describe('key combos', () => {
  it('writes combos one way', () => {
    expect(comboOf(new KeyboardEvent('keydown', { key: '?', shiftKey: true }))).toBe('?');
    expect(comboOf(new KeyboardEvent('keydown', { key: 'K', ctrlKey: true, shiftKey: true }))).toBe(
      'Ctrl+k',
    );
    expect(comboOf(new KeyboardEvent('keydown', { key: 'F2', shiftKey: true }))).toBe('Shift+F2');
    expect(normaliseKeys('ctrl+K')).toBe('Ctrl+k');
    expect(normaliseKeys('Alt+Ctrl+L')).toBe('Ctrl+Alt+l');
    expect(normaliseKeys('Escape')).toBe('Escape');
  });
});

describe('ShortcutRegistry', () => {
  it('runs the latest registration of a combo and lists one entry per combo', () => {
    const registry = new ShortcutRegistry();
    const detach = registry.attach(window);
    const page = vi.fn();
    const dialog = vi.fn();
    registry.register({
      id: 'page.close',
      keys: 'Escape',
      description: 'keyboard.shortcut.close',
      group: 'keyboard.group.general',
      run: page,
    });
    const remove = registry.register({
      id: 'dialog.close',
      keys: 'Escape',
      description: 'keyboard.shortcut.close',
      group: 'keyboard.group.general',
      run: dialog,
    });
    expect(press('Escape').defaultPrevented).toBe(true);
    expect(dialog).toHaveBeenCalledTimes(1);
    expect(page).not.toHaveBeenCalled();
    expect(registry.listed().map((s) => s.id)).toEqual(['dialog.close']);
    remove();
    press('Escape');
    expect(page).toHaveBeenCalledTimes(1);
    detach();
  });

  it('leaves typing alone unless a shortcut asks for text fields', () => {
    const registry = new ShortcutRegistry();
    const detach = registry.attach(window);
    const help = vi.fn();
    const language = vi.fn();
    registry.register({
      id: 'help',
      keys: '?',
      description: 'keyboard.shortcut.help',
      group: 'keyboard.group.general',
      run: help,
    });
    registry.register({
      id: 'lang',
      keys: 'Alt+L',
      description: 'keyboard.shortcut.language',
      group: 'keyboard.group.general',
      run: language,
      inTextFields: true,
    });
    const input = document.createElement('input');
    document.body.append(input);
    expect(press('?', { shiftKey: true }, input).defaultPrevented).toBe(false);
    press('l', { altKey: true }, input);
    expect(help).not.toHaveBeenCalled();
    expect(language).toHaveBeenCalledTimes(1);
    press('?', { shiftKey: true });
    expect(help).toHaveBeenCalledTimes(1);
    input.remove();
    detach();
  });
});
