import { existsSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { readPipelineConfig } from './config.ts';
import { DECISIONS_HANDLER } from './constructs/decisions-api.ts';
import { HISTORY_HANDLER } from './constructs/history-api.ts';
import { DIGEST_HANDLER } from './constructs/planner-digest.ts';
import { fromRepoRoot } from './paths.ts';
import { PipelineStack } from './pipeline-stack.ts';
import { STAGES } from '../topology.ts';

const missing = [...STAGES.map((stage) => stage.handler), HISTORY_HANDLER, DECISIONS_HANDLER, DIGEST_HANDLER].filter((entry) => !existsSync(fromRepoRoot(entry)));
if (missing.length > 0) {
  console.error(`cdk synth: these handlers do not exist yet, so they cannot be bundled:\n  ${missing.join('\n  ')}`);
  process.exit(1);
}

const app = new App();
const config = readPipelineConfig(app.node);
const account = process.env['CDK_DEFAULT_ACCOUNT'];
const region = process.env['CDK_DEFAULT_REGION'];

new PipelineStack(app, 'EdiPipeline', {
  stackName: `${config.resourcePrefix}-pipeline`,
  description: 'EDI (ANSI X12) order pipeline: S3 → SQS → Lambda → DynamoDB/SES, history API',
  config,
  ...(account && region ? { env: { account, region } } : {}),
});

app.synth();
