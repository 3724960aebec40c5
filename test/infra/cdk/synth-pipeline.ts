import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readPipelineConfig } from '../../../infra/cdk/config.ts';
import { PipelineStack } from '../../../infra/cdk/pipeline-stack.ts';
import { fromRepoRoot } from '../../../infra/cdk/paths.ts';
import { DECISIONS_HANDLER } from '../../../infra/cdk/constructs/decisions-api.ts';
import { HISTORY_HANDLER } from '../../../infra/cdk/constructs/history-api.ts';
import { DIGEST_HANDLER } from '../../../infra/cdk/constructs/planner-digest.ts';
import { STAGES, type Stage } from '../../../infra/topology.ts';

/** cdk.json's context, so tests synthesize what `cdk synth` synthesizes. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(fromRepoRoot('cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  return cdkJson.context ?? {};
}

/** Stands in for the bundled handlers, which tests do not need (and which may not exist yet). */
export const INLINE_CODE = (): lambda.Code => lambda.Code.fromInline('export const handler = async () => ({ batchItemFailures: [] });');

export const ALL_HANDLERS = [...STAGES.map((s) => s.handler), HISTORY_HANDLER, DECISIONS_HANDLER, DIGEST_HANDLER];
export const missingHandlers = (): string[] => ALL_HANDLERS.filter((h) => !existsSync(fromRepoRoot(h)));

export interface SynthOptions {
  context?: Record<string, unknown>;
  /** Bundle the real handlers with esbuild instead of inline code. */
  bundle?: boolean;
  /** Register cdk-nag's AwsSolutions pack. */
  nag?: boolean;
  /** @default STAGES */
  stages?: readonly Stage[];
}

export interface Synthesized {
  app: App;
  stack: PipelineStack;
  template: Template;
  /** Parsed validation report (present when validation plugins ran). */
  validationReport?: unknown;
  synthError?: Error;
}

export function synthPipeline(options: SynthOptions = {}): Synthesized {
  const app = new App({ context: { ...cdkJsonContext(), ...options.context } });
  if (options.nag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  const config = readPipelineConfig(app.node);
  const stack = new PipelineStack(app, 'TestPipeline', {
    config,
    ...(options.bundle ? {} : { code: INLINE_CODE }),
    ...(options.stages ? { stages: options.stages } : {}),
  });
  let synthError: Error | undefined;
  try {
    app.synth();
  } catch (error) {
    synthError = error as Error;
  }
  // Validation runs after the templates are written: read them from the assembly instead of
  // Template.fromStack, which would synthesize (and validate) again.
  const reportFile = readdirSync(app.outdir).find((f) => /validation-report\.json$/.test(f));
  const validationReport: unknown = reportFile ? JSON.parse(readFileSync(join(app.outdir, reportFile), 'utf8')) : undefined;
  const templatePath = join(app.outdir, stack.templateFile);
  if (!existsSync(templatePath)) throw synthError ?? new Error(`no template at ${templatePath}`);
  const template = Template.fromJSON(JSON.parse(readFileSync(templatePath, 'utf8')) as Record<string, unknown>);
  return { app, stack, template, ...(validationReport === undefined ? {} : { validationReport }), ...(synthError ? { synthError } : {}) };
}


export type CfnResource = { Type: string; Properties?: Record<string, unknown>; DeletionPolicy?: string; UpdateReplacePolicy?: string };

/** Resources of one type, keyed by logical id. */
export function resourcesOfType(template: Template, type: string): Record<string, CfnResource> {
  return template.findResources(type) as Record<string, CfnResource>;
}

/** The one resource of `type` whose logical id starts with `prefix` (construct path without slashes). */
export function resourceByPrefix(template: Template, type: string, prefix: string): [string, CfnResource] {
  const found = Object.entries(resourcesOfType(template, type)).filter(([id]) => id.startsWith(prefix));
  if (found.length !== 1) throw new Error(`expected one ${type} with logical id ${prefix}*, found ${found.map(([id]) => id).join(', ') || 'none'}`);
  return found[0]!;
}

export function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
