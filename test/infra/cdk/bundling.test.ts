import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { App } from 'aws-cdk-lib';
import { missingHandlers, resourceByPrefix, synthPipeline } from './synth-pipeline.ts';
import { parsePipelineConfig } from '../../../infra/cdk/config.ts';
import { PipelineStack } from '../../../infra/cdk/pipeline-stack.ts';
import { STAGES } from '../../../infra/topology.ts';

/**
 * The other infra tests replace bundling with inline code so they run before the handlers exist.
 * This one bundles the real handlers with the local esbuild (no Docker) once they all exist.
 */
const missing = missingHandlers();

describe('bundling', () => {
  it.skipIf(missing.length > 0)('bundles every handler as minified ESM with a source map, with the local esbuild', () => {
    const { app, template } = synthPipeline({ bundle: true });
    const [, fn] = resourceByPrefix(template, 'AWS::Lambda::Function', 'IngestStageHandlerFunction');
    expect(fn.Properties).toMatchObject({ Handler: 'index.handler', Runtime: 'nodejs22.x' });
    const assetHash = JSON.stringify(fn.Properties!['Code']).match(/([0-9a-f]{64})\.zip/)?.[1];
    expect(assetHash).toBeDefined();
    const dir = join(app.outdir, `asset.${assetHash!}`);
    expect(existsSync(join(dir, 'index.mjs'))).toBe(true);
    expect(existsSync(join(dir, 'index.mjs.map'))).toBe(true);
    expect(readFileSync(join(dir, 'index.mjs'), 'utf8')).toContain('createRequire');
  }, 180_000);

  it('names the missing handler instead of failing somewhere inside esbuild', () => {
    const app = new App();
    const stages = STAGES.map((s) => (s.name === 'deliver' ? { ...s, handler: 'functions/deliver/no-such-handler.ts' } : s));
    expect(() => new PipelineStack(app, 'Probe', { config: parsePipelineConfig({}), stages })).toThrow(
      /handler functions\/(\w+)\/(handler|no-such-handler)\.ts of function "\w+" does not exist/,
    );
  });
});
