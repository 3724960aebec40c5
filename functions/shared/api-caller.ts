/**
 * Who is calling the HTTP API (README, "History API" → "Who may call"): the one place that turns
 * API Gateway's authorizer context into a role.
 *
 * - A Cognito JWT (the console, `/console/...` routes): `cognito:groups` names the groups, `auditors`
 *   and/or `planners`. API Gateway passes the claim as a string, `"[planners auditors]"` for a list,
 *   or a lone name; tests and other adapters may give an array.
 * - SigV4 (the IAM routes): `authorizer.iam.userArn` is the assumed-role session,
 *   `arn:aws:sts::<account>:assumed-role/<role name>/<session>`, matched against the fixed role
 *   names the stack gives the functions (`EDI_PLANNER_ROLE_NAME`, `EDI_AUDITOR_ROLE_NAME`).
 *
 * A planner may do everything an auditor may (read), so a caller in both groups is a planner.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { z } from 'zod';
import { loadOptionalConfig } from './config.ts';

export type CallerRole = 'auditor' | 'planner';

export interface ApiCaller {
  role: CallerRole;
  /** The person (Cognito user name or e-mail, or the IAM session name), recorded as who decided. */
  name: string;
}

/** The IAM role names whose sessions are planners and auditors; unset names match no one. */
export interface CallerRoleNames {
  planner?: string | undefined;
  auditor?: string | undefined;
}

export const PLANNERS_GROUP = 'planners';
export const AUDITORS_GROUP = 'auditors';

/** The role names from the environment (parsed with the rest of the optional config). */
export function callerRoleNamesFromEnv(env: Record<string, string | undefined> = process.env): CallerRoleNames {
  const c = loadOptionalConfig(env);
  return { planner: c.plannerRoleName, auditor: c.auditorRoleName };
}

/** `cognito:groups` as API Gateway forwards it (`"[a b]"`, `"a"`, `"a,b"`) or as an array. */
export function groupsOf(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.filter((g): g is string => typeof g === 'string').map((g) => g.trim());
  if (typeof claim !== 'string') return [];
  return claim
    .replace(/^\s*\[|\]\s*$/g, '')
    .split(/[\s,]+/)
    .map((g) => g.replace(/^"|"$/g, '').trim())
    .filter((g) => g.length > 0);
}

/**
 * The part of the request context a JWT or IAM authorizer fills in (`APIGatewayProxyEventV2`'s
 * type leaves `authorizer` out: it depends on the route's authorizer). Anything else is no caller.
 */
const RequestContextZ = z.object({
  authorizer: z
    .object({
      jwt: z.object({ claims: z.record(z.string(), z.unknown()).optional() }).optional(),
      iam: z.object({ userArn: z.string().nullish() }).optional(),
    })
    .optional(),
});
type AuthorizerContext = NonNullable<z.infer<typeof RequestContextZ>['authorizer']>;

function authorizerOf(event: APIGatewayProxyEventV2): AuthorizerContext | undefined {
  const parsed = RequestContextZ.safeParse(event.requestContext);
  return parsed.success ? parsed.data.authorizer : undefined;
}

const ASSUMED_ROLE = /^arn:aws[\w-]*:sts::\d{12}:assumed-role\/(?<roleName>[^/]+)\/(?<session>.+)$/;

/** The caller's role and name, or undefined when the request carries neither a known group nor a known role. */
export function apiCallerOf(event: APIGatewayProxyEventV2, roles: CallerRoleNames): ApiCaller | undefined {
  const authorizer = authorizerOf(event);
  const claims = authorizer?.jwt?.claims;
  if (claims) {
    const groups = groupsOf(claims['cognito:groups']);
    const name = [claims['cognito:username'], claims['username'], claims['email'], claims['sub']].find((v): v is string => typeof v === 'string' && v.length > 0) ?? 'unknown';
    if (groups.includes(PLANNERS_GROUP)) return { role: 'planner', name };
    if (groups.includes(AUDITORS_GROUP)) return { role: 'auditor', name };
    return undefined;
  }
  const arn = authorizer?.iam?.userArn;
  const match = typeof arn === 'string' ? ASSUMED_ROLE.exec(arn)?.groups : undefined;
  const roleName = match?.['roleName'];
  const session = match?.['session'];
  if (roleName === undefined || session === undefined) return undefined;
  if (roles.planner && roleName === roles.planner) return { role: 'planner', name: session };
  if (roles.auditor && roleName === roles.auditor) return { role: 'auditor', name: session };
  return undefined;
}

/** The answer to a caller without a role the route serves. */
export function refusal(caller: ApiCaller | undefined, needs: string): { statusCode: number; message: string } {
  return caller
    ? { statusCode: 403, message: `forbidden: ${caller.name} is ${caller.role === 'auditor' ? 'an auditor' : 'a planner'}; ${needs}` }
    : { statusCode: 403, message: `forbidden: the caller is neither in the planners or auditors group nor signed with the planner or auditor role; ${needs}` };
}
