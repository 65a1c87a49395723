// One error shape for every failure: { error: { code, message, details } }.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { isGrpcServiceError, ServiceError, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';

const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_UNAVAILABLE = 14;
import { ApplicationFailure } from '@temporalio/common';
import { ZodError } from 'zod';
import { ACTION_ROLES, type CommandType, type Refusal } from '../domain';
import { REFUSAL_ERROR_TYPES } from '../workflows/messages';

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly details?: unknown) {
    super(message);
  }
}

export const notFound = (what: string): ApiError => new ApiError(404, 'not_found', `${what} not found`);

function fromZod(err: ZodError): ApiError {
  const details = err.issues.flatMap((i) => {
    const at = i.path.join('.');
    // An unknown key is named itself, so a client sees which field to drop.
    if (i.code === 'unrecognized_keys') return i.keys.map((k) => ({ field: at ? `${at}.${k}` : k, message: 'unknown field' }));
    return [{ field: at || '(body)', message: i.message }];
  });
  const first = details[0];
  return new ApiError(400, 'validation_failed', first ? `${first.field}: ${first.message}` : 'invalid request', details);
}

/** Where the case stands when an action is refused: its status and what it accepts now. */
export interface CaseState {
  status: string;
  allowedActions: readonly string[];
}

/**
 * The one mapping of a refused action to HTTP, for updates (refused by the workflow's validator) and
 * signals (checked against the case first) alike: a wrong field is 400 with the field; anything the
 * case's state or time forbids is 409 with the reason, the status and the actions a person may take now.
 */
export function refusalError(refusal: Pick<Refusal, 'message' | 'field'> & { code: Refusal['code'] | string }, state: CaseState): ApiError {
  if (refusal.code === 'invalid') {
    const field = refusal.field ?? '(body)';
    return new ApiError(400, 'validation_failed', refusal.message, [{ field, message: refusal.message }]);
  }
  const allowedActions = state.allowedActions.filter((a) => Object.hasOwn(ACTION_ROLES, a));
  return new ApiError(409, 'action_not_allowed', refusal.message, { status: state.status, allowedActions });
}

/** The petition is closed and its workflow has ended: nothing more can be done to it. */
export const closedCaseError = (action: string): ApiError =>
  refusalError({ code: 'not_allowed', message: `the petition is closed; "${action}" is no longer possible` }, { status: 'closed', allowedActions: [] });

/** A refused update (validator) carries the case's status and allowed actions. */
function fromUpdateFailure(err: WorkflowUpdateFailedError): ApiError | undefined {
  const cause = err.cause;
  if (!(cause instanceof ApplicationFailure)) return undefined;
  const details = (cause.details?.[0] ?? {}) as { status?: string; allowedActions?: CommandType[]; field?: string };
  const code = cause.type === REFUSAL_ERROR_TYPES.not_allowed ? 'not_allowed' : cause.type === REFUSAL_ERROR_TYPES.invalid ? 'invalid' : undefined;
  if (!code) return undefined;
  return refusalError({ code, message: cause.message, field: details.field }, { status: details.status ?? 'unknown', allowedActions: details.allowedActions ?? [] });
}

export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof ZodError) return fromZod(err);
  if (err instanceof WorkflowNotFoundError) return notFound('petition');
  if (err instanceof WorkflowUpdateFailedError) {
    const mapped = fromUpdateFailure(err);
    if (mapped) return mapped;
  }
  // Temporal unreachable, or no worker answering a query in time: the service is degraded, not broken.
  if (isGrpcServiceError(err) && [GRPC_UNAVAILABLE, GRPC_DEADLINE_EXCEEDED].includes(err.code)) {
    return new ApiError(503, 'temporal_unavailable', 'the workflow service is not answering; retry shortly');
  }
  if (err instanceof ServiceError && isGrpcServiceError(err.cause) && [GRPC_UNAVAILABLE, GRPC_DEADLINE_EXCEEDED].includes(err.cause.code)) {
    return new ApiError(503, 'temporal_unavailable', 'the workflow service is not answering; retry shortly');
  }
  const e = err as { type?: string; status?: number; expose?: boolean; message?: string };
  // body-parser errors: malformed JSON, oversized body, wrong charset.
  if (e?.type === 'entity.parse.failed') return new ApiError(400, 'malformed_json', 'the request body is not valid JSON');
  if (e?.type === 'entity.too.large') return new ApiError(413, 'payload_too_large', 'the request body is too large');
  if (e?.type === 'charset.unsupported' || e?.type === 'encoding.unsupported') {
    return new ApiError(415, 'unsupported_media_type', e.message ?? 'send the body as application/json in UTF-8');
  }
  if (err instanceof URIError) return new ApiError(400, 'bad_request', 'the request path is not valid percent-encoding');
  if (e?.status && e.status >= 400 && e.status < 500) return new ApiError(e.status, 'bad_request', e.expose && e.message ? e.message : 'bad request');
  return new ApiError(500, 'internal', 'internal error');
}

export const unknownRoute: RequestHandler = (req, _res, next) => next(new ApiError(404, 'not_found', `no route for ${req.method} ${req.path}`));

export function errorHandler(log: (msg: string, meta?: unknown) => void): ErrorRequestHandler {
  return (err, _req, res, _next) => {
    const api = toApiError(err);
    if (api.status >= 500) log('request failed', err instanceof Error ? err.stack : err);
    if (api.status === 401) res.set('WWW-Authenticate', 'Bearer');
    res.status(api.status).json({ error: { code: api.code, message: api.message, details: api.details ?? null } });
  };
}
