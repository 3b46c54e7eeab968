/** Filled in once the incident routes exist: POST /api/v1/incidents on SQLite, durable commits. */
export async function measureIncidentCreation(
  log: (line: string) => void,
): Promise<{ create_incident_p50_ms: number | null; p99_ms: number | null }> {
  log('incident creation: not measured yet');
  return { create_incident_p50_ms: null, p99_ms: null };
}
