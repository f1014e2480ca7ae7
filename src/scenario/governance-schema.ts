/**
 * A cohort's `governance:` section (DESIGN.md, "Coordination, discovery, governance"; the model is
 * described in `governance/governance.ts`). The policy station of `external` mode is checked
 * against the scenario's stations by {@link GOVERNANCE_CHECKS}, which the cohort checks run, so a
 * misspelt station gets its position and a did-you-mean.
 *
 * Every mode's settings may be given whatever the mode, so one scenario can sweep
 * `governance.mode` over none, runtime-memory and external.
 */

import { GOVERNANCE_MODES, type GovernanceSpec } from '../governance/governance-spec.js';
import { checkReference, type IssueSink } from './name-checks.js';
import { choiceField, countField, nameField, probabilityField, section, WHEN_FIELDS_VALID } from './fields.js';

const external = section(
  {
    station: nameField().describe('Station that serves the policy checks (its queue and service time are the check latency).'),
    consult: probabilityField('Chance that the agent consults the service before a policy-relevant action (unconsulted violations escape)', 0.5),
    catchRate: probabilityField('Chance that a consulted check catches a violation', 0.9),
    response: countField({ min: 0, integer: true }).prefault(0).describe("Tokens of the service's verdict appended to the agent's context after each check; default 0."),
  },
  'an external policy service: a mapping with station, consult, catchRate, response',
).describe('external: the policy service the agent consults (a station).');

/** The `governance:` field of a cohort (optional: omitted = no governance figures at all). */
export const GOVERNANCE_FIELD = section(
  {
    mode: choiceField(GOVERNANCE_MODES, 'governance mode')
      .prefault('none')
      .describe('none (violations escape), runtime-memory (rules in the agent context, checked on every policy-relevant action), external (a policy service, when consulted). Default none.'),
    share: probabilityField('Share of actions (subtask attempts) that are policy-relevant: the governance events', 0.1),
    violationRate: probabilityField('Share of policy-relevant actions that would violate a policy if nothing stopped them', 0.1),
    rules: countField({ min: 0, integer: true })
      .prefault(2000)
      .describe('runtime-memory: tokens of rules kept in every agent context, in the shared prefix after the system prompt (mostly cache reads). Default 2000.'),
    catchRate: probabilityField('runtime-memory: chance that the agent, checking an action against the rules in its context, catches a violation', 0.9),
    external: external.optional(),
  },
  'governance: a mapping with mode, share, violationRate, rules, catchRate, external',
)
  .describe('Runtime governance of the agents’ actions: policy-relevant share, violations, and how they are caught.')
  .superRefine((g, ctx) => {
    if (g.mode === 'external' && g.external === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['external'],
        message: 'mode external needs a policy service',
        input: g,
        params: { expected: 'external: { station: <a station>, consult, catchRate }', hint: 'or mode: runtime-memory / none' },
      });
    }
  }, WHEN_FIELDS_VALID)
  .transform(
    (g): GovernanceSpec => ({
      mode: g.mode,
      share: g.share,
      violationRate: g.violationRate,
      rules: g.rules,
      catchRate: g.catchRate,
      external: g.external ?? null,
    }),
  );

/** The parts of a scenario the governance checks read. */
export interface GovernanceCheckInput {
  readonly cohorts: readonly { readonly governance: GovernanceSpec | null }[];
  readonly stations: readonly { readonly name: string }[];
}

/** A cohort's policy station must be a station of the scenario. */
export const GOVERNANCE_CHECKS: readonly ((s: GovernanceCheckInput, ctx: IssueSink) => void)[] = [
  (s, ctx) => {
    const stations = { names: s.stations.map((st) => st.name), noun: 'station', whenNone: 'add the policy service under stations:' };
    s.cohorts.forEach((c, i) => {
      const station = c.governance?.external?.station;
      if (station !== undefined) checkReference(station, ['cohorts', i, 'governance', 'external', 'station'], stations, ctx);
    });
  },
];
