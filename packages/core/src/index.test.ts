import { describe, expect, it } from 'vitest';
import * as core from './index.ts';

describe('@jiefang/core export surface', () => {
  it('exports the main functions of every concept', () => {
    for (const name of [
      'DomainError',
      'OrgTree',
      'authorize',
      'decideUnit',
      'changeUnitStatus',
      'decideTalkGroup',
      'decideIncident',
      'findProbableDuplicate',
      'IncidentCatalogue',
      'selectPlan',
      'DEFAULT_RESPONSE_PLANS',
      'recommend',
      'decideDispatch',
      'detectArrival',
      'nextOffer',
      'tierTimers',
      'mobiliseTalkGroup',
      'mobiliseWithin',
      'overdue',
      'StraightLineTravelTimes',
    ]) {
      expect(core, name).toHaveProperty(name);
    }
  });
});
