/** What the last admin change did, said once beside the editor (screen readers hear it too). */
export function AdminNotice({ notice }: { notice: string | undefined }) {
  if (!notice) return null;
  return (
    <p className="admin-notice" role="status" data-testid="admin-notice">
      {notice}
    </p>
  );
}
