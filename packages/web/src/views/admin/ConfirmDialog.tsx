import { useEffect, useRef, type ReactNode } from 'react';
import { useI18n } from '../../i18n/I18nProvider.tsx';

export interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * Asks before a change that cannot be taken back in one click (disable, reset a password,
 * revoke, retire). Focus starts on Cancel, so a hurried Enter does nothing harmful; Escape
 * cancels.
 */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  busy = false,
  onConfirm,
  onCancel,
}: ConfirmDialogProps) {
  const { t } = useI18n();
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => cancel.current?.focus(), []);
  return (
    <div className="admin-dialog-backdrop">
      <div
        className="admin-dialog"
        role="alertdialog"
        aria-modal="true"
        aria-label={title}
        data-testid="admin-confirm"
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            onCancel();
          }
        }}
      >
        <h3>{title}</h3>
        <div className="admin-dialog-body">{children}</div>
        <div className="admin-dialog-actions">
          <button ref={cancel} type="button" className="ghost-button" onClick={onCancel}>
            {t('admin.cancel')}
          </button>
          <button type="button" className="danger-button" disabled={busy} onClick={onConfirm}>
            {confirmLabel}
          </button>
        </div>
      </div>
    </div>
  );
}
