import { existsSync } from 'node:fs';
import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { PipelineConfig } from '../config.ts';
import { fromRepoRoot } from '../paths.ts';
import { acknowledgeFunction } from '../nag-suppressions.ts';

/**
 * Replaces esbuild bundling of a handler, e.g. with `lambda.Code.fromInline(...)` in tests while
 * the handler files do not exist yet. Return undefined to bundle the real entry.
 */
export type CodeOverride = (functionName: string, entry: string) => lambda.Code | undefined;

export interface PipelineFunctionProps {
  /** Logical name (`ingest`, `history`, …); also part of the role and log group descriptions. */
  readonly name: string;
  readonly description: string;
  /** Handler module, relative to the repository root; it exports `handler`. */
  readonly entry: string;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  /** @default unreserved */
  readonly reservedConcurrency?: number;
  readonly config: PipelineConfig;
  /** @default bundle `entry` with the local esbuild */
  readonly code?: CodeOverride;
}

/** Bundling shared by every function: ESM for Node 22 on arm64, minified, with source maps. */
export const BUNDLING = {
  format: OutputFormat.ESM,
  minify: true,
  sourceMap: true,
  target: 'node22',
  mainFields: ['module', 'main'],
  // ESM output still meets CommonJS dependencies that call require().
  banner: "import { createRequire } from 'module';const require = createRequire(import.meta.url);",
  // Bundle the AWS SDK too, so Lambda runs the versions the tests ran against.
  externalModules: [],
  forceDockerBundling: false,
} as const;

/**
 * One Lambda function of the pipeline: a NodejsFunction with its own role (no managed policies;
 * callers add grants), its own log group with retention, X-Ray tracing and the Powertools
 * environment.
 */
export class PipelineFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: PipelineFunctionProps) {
    super(scope, id);
    const { config } = props;

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.name} function: only the grants its topology entry lists`,
    });
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: config.logRetentionDays as logs.RetentionDays,
    });
    this.logGroup.grantWrite(this.role);

    const code = props.code?.(props.name, props.entry);
    const entryPath = fromRepoRoot(props.entry);
    if (!code && !existsSync(entryPath)) {
      throw new Error(
        `handler ${props.entry} of function "${props.name}" does not exist; ` +
          'write it (it must export `handler`) before `cdk synth`, or pass a `code` override (tests do)',
      );
    }

    this.function = new NodejsFunction(this, 'Function', {
      description: props.description.slice(0, 256),
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memoryMb,
      timeout: Duration.seconds(props.timeoutSeconds),
      ...(props.reservedConcurrency === undefined ? {} : { reservedConcurrentExecutions: props.reservedConcurrency }),
      role: this.role,
      logGroup: this.logGroup,
      tracing: lambda.Tracing.ACTIVE,
      environment: {
        POWERTOOLS_SERVICE_NAME: config.serviceName,
        POWERTOOLS_LOG_LEVEL: config.logLevel,
        POWERTOOLS_METRICS_NAMESPACE: config.metricsNamespace,
        NODE_OPTIONS: '--enable-source-maps',
      },
      ...(code
        ? { code, handler: 'index.handler' }
        : {
            entry: entryPath,
            handler: 'handler',
            depsLockFilePath: fromRepoRoot('package-lock.json'),
            projectRoot: fromRepoRoot('.'),
            bundling: { ...BUNDLING, externalModules: [...BUNDLING.externalModules], mainFields: [...BUNDLING.mainFields] },
          }),
    });
    acknowledgeFunction(this.function, this.role);
  }
}
