/**
 * The HTTP API handlers with live dependencies: what the History and Decisions Lambdas build
 * (`functions/{history,decisions}/lambda.ts`) and what the local console server runs, on the
 * local stack's shared clock, so a decision taken in the console dates its 855 as the pipeline would.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { decisions } from '#functions/decisions/handler.ts';
import { history } from '#functions/history/handler.ts';
import { liveDeskDeps, liveHistoryDeps, type LiveOptions } from './live-deps.ts';

export type ApiHandler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

export interface LiveApiHandlers {
  history: ApiHandler;
  decisions: ApiHandler;
}

export function liveApiHandlers(options: LiveOptions = {}): LiveApiHandlers {
  const read = history(liveHistoryDeps(options));
  const desk = liveDeskDeps(options);
  const decide = decisions(desk, undefined, desk);
  return { history: (event) => read(event), decisions: (event) => decide(event) };
}
