/** Aggregate type names as stored in the event log. */
export const AggregateType = {
  org: 'org',
  account: 'account',
  credential: 'credential',
  unit: 'unit',
  site: 'site',
  talkGroup: 'talk_group',
  plan: 'response_plan',
  incident: 'incident',
  dispatch: 'dispatch',
  /** The ranking re-offers of an incident follow (id = the incident's id); see RecommendationCache. */
  offerRanking: 'offer_ranking',
  case: 'case',
  caseSettings: 'case_settings',
  alert: 'alert',
  areaRule: 'area_rule',
  partner: 'partner',
  missingPerson: 'missing_person',
  assistRequest: 'assist_request',
  forecast: 'hotspot_forecast',
  patrolPlan: 'patrol_plan',
  caseSeries: 'case_series',
  /** The incident catalogue once an admin edited it (one, id CATALOGUE_ID); the file's until then. */
  catalogue: 'incident_catalogue',
} as const;

export type AggregateType = (typeof AggregateType)[keyof typeof AggregateType];
