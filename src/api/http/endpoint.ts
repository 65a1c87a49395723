// An endpoint is declared once: its schemas validate requests, its roles gate access, and the
// same declaration generates the OpenAPI document. Nothing about a route is written twice.
import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { Principal, UserRole } from '../../domain';

export type Auth =
  | 'public' // no token looked at (tracking, documentation)
  | 'optional' // anonymous allowed, a token identifies the caller (online submission)
  | 'bearer'; // a valid token is required

export interface Reply {
  status?: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface Ctx<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  /** Set when the caller sent a valid token (always, when auth is 'bearer'). */
  principal?: Principal;
  idempotencyKey?: string;
  req: Request;
  res: Response;
}

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface Endpoint<P extends z.ZodType | undefined = any, Q extends z.ZodType | undefined = any, B extends z.ZodType | undefined = any> {
  operationId: string;
  method: 'get' | 'post';
  /** OpenAPI-style path: /api/v1/petitions/{id} */
  path: string;
  summary: string;
  description?: string;
  tags: string[];
  auth: Auth;
  /** Roles that may call it at all; scope (which cases) is checked by the handler. */
  roles?: readonly UserRole[];
  params?: P;
  query?: Q;
  body?: B;
  /** Accepts an Idempotency-Key: a retry returns the first answer. */
  idempotent?: boolean;
  /** Expected answers besides the standard errors, by status. */
  responses: Record<number, { description: string; schema?: z.ZodType }>;
  /** Error statuses this endpoint can answer with, beyond 400/401/403/429/500. */
  errors?: number[];
  handle(ctx: Ctx<Out<P>, Out<Q>, Out<B>>): Promise<Reply>;
}

export function endpoint<P extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined, B extends z.ZodType | undefined = undefined>(
  e: Endpoint<P, Q, B>,
): Endpoint {
  return e as Endpoint;
}

export const expressPath = (openApiPath: string): string => openApiPath.replace(/\{(\w+)\}/g, ':$1');
