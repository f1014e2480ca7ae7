import { describe, expect, it } from 'vitest';
import { RunRecorder, windowGrid } from '../../src/metrics/run-recorder.js';
import { runScenario } from '../helpers/run-scenario.js';

describe('run recorder rows', () => {
  it('refuses a value column named like a label (it would overwrite the label in the written table)', () => {
    const rec = new RunRecorder(windowGrid(10, 10));
    expect(() => rec.row('t', { task: 'consensus' }, { task: 3 })).toThrow(/'task' is both a label and a value column/);
  });

  it('coordination rows keep the task kind as a label and the task number as task_id', () => {
    const r = runScenario('test/fixtures/scenarios/coordination', 'small-fleet.yaml', []);
    const rows = r.rows.filter((x) => x.table === 'coordination');
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(['consensus', 'colouring']).toContain(row.labels[row.labelNames.indexOf('task')]);
      expect(row.valueNames).toContain('task_id');
      expect(row.valueNames).not.toContain('task');
    }
  });
});
