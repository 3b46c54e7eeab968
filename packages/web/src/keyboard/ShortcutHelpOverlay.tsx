import { useSyncExternalStore } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { useShortcut, useShortcutRegistry } from './ShortcutProvider.tsx';
import type { Shortcut } from './shortcut-registry.ts';

const KEY_LABELS: Record<string, string> = {
  Escape: 'Esc',
  ArrowUp: '↑',
  ArrowDown: '↓',
  ArrowLeft: '←',
  ArrowRight: '→',
  Enter: '↵',
};

function KeyCombo({ keys }: { keys: string }) {
  const parts = keys.endsWith('++') ? [...keys.slice(0, -2).split('+'), '+'] : keys.split('+');
  return (
    <span className="key-combo">
      {parts.map((part, i) => (
        <kbd key={i}>{KEY_LABELS[part] ?? (part.length === 1 ? part.toUpperCase() : part)}</kbd>
      ))}
    </span>
  );
}

/** Every shortcut registered right now, grouped; `?` opens it, Esc closes it. */
export function ShortcutHelpOverlay({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const registry = useShortcutRegistry();
  useSyncExternalStore(
    (onChange) => registry.subscribe(onChange),
    () => registry.revision,
  );
  useShortcut(
    {
      id: 'help.close',
      keys: 'Escape',
      description: 'keyboard.shortcut.close',
      group: 'keyboard.group.general',
      inTextFields: true,
      run: onClose,
    },
    open,
  );
  if (!open) return null;
  // General first, then the others in the order they were registered.
  const groups = new Map<Shortcut['group'], Shortcut[]>([['keyboard.group.general', []]]);
  for (const shortcut of registry.listed()) {
    const list = groups.get(shortcut.group) ?? [];
    list.push(shortcut);
    groups.set(shortcut.group, list);
  }
  return (
    <div className="overlay-backdrop" onClick={onClose}>
      <section
        className="shortcut-help"
        role="dialog"
        aria-modal="true"
        aria-labelledby="shortcut-help-title"
        onClick={(event) => event.stopPropagation()}
      >
        <header>
          <h2 id="shortcut-help-title">{t('keyboard.help.title')}</h2>
          <button
            type="button"
            className="icon-button"
            onClick={onClose}
            aria-label={t('common.close')}
          >
            ×
          </button>
        </header>
        {[...groups]
          .filter(([, shortcuts]) => shortcuts.length > 0)
          .map(([group, shortcuts]) => (
            <div key={group} className="shortcut-group">
              <h3>{t(group)}</h3>
              <dl>
                {shortcuts.map((shortcut) => (
                  <div key={shortcut.id} className="shortcut-row">
                    <dt>
                      <KeyCombo keys={shortcut.keys} />
                    </dt>
                    <dd>{t(shortcut.description)}</dd>
                  </div>
                ))}
              </dl>
            </div>
          ))}
        <p className="hint">{t('keyboard.help.hint')}</p>
      </section>
    </div>
  );
}
