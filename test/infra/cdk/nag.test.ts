import { describe, expect, it } from 'vitest';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { synthPipeline } from './synth-pipeline.ts';

interface Violation {
  ruleName: string;
  severity: string;
  violatingConstructs?: { constructPath: string }[];
}
interface ValidationReport {
  pluginReports: { pluginName: string; conclusion: string; violations: Violation[] }[];
}

/** cdk-nag v3 reports through CDK policy validation: unsuppressed findings land in the validation report. */
function unsuppressedFindings(report: unknown): string[] {
  const { pluginReports } = (report ?? { pluginReports: [] }) as ValidationReport;
  return pluginReports
    .filter((r) => r.pluginName === 'AwsSolutions')
    .flatMap((r) => r.violations)
    .flatMap((v) => (v.violatingConstructs ?? [{ constructPath: '?' }]).map((c) => `${v.severity} ${v.ruleName} @ ${c.constructPath}`));
}

/** Every `Validations.of(x).acknowledge(...)` in the app, with its reason. */
function acknowledgements(app: App): { path: string; id: string; reason: string }[] {
  return app.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      // The metadata maps each (namespaced) rule id to its reason.
      .flatMap((m) => Object.entries(m.data as Record<string, string>))
      .map(([id, reason]) => ({ path: construct.node.path, id: id.replace(/^\w+::/, ''), reason })),
  );
}

describe('cdk-nag AwsSolutions', () => {
  it('finds no unsuppressed error or warning in the default deployment', () => {
    const synth = synthPipeline({ nag: true });
    expect(synth.synthError).toBeUndefined();
    expect(unsuppressedFindings(synth.validationReport)).toEqual([]);
  });

  it('finds none with every optional part on', () => {
    const synth = synthPipeline({ nag: true, context: { transferServer: true, archiveObjectLock: true, alarmEmail: 'ops@example.com', sesIdentity: 'edi@example.com' } });
    expect(synth.synthError).toBeUndefined();
    expect(unsuppressedFindings(synth.validationReport)).toEqual([]);
  });

  it('gives every acknowledgement a reason', () => {
    const { app } = synthPipeline();
    const acks = acknowledgements(app);
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) {
      expect(ack.id, ack.path).toMatch(/^AwsSolutions-/);
      expect(ack.reason.trim().length, `${ack.path} ${ack.id}`).toBeGreaterThan(20);
    }
  });

  it('would report a non-compliant resource (the harness is live)', () => {
    const app = new App();
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    const stack = new Stack(app, 'Probe');
    new s3.Bucket(stack, 'Plain');
    expect(() => app.synth()).toThrow(/AwsSolutions-S1/);
  });
});
