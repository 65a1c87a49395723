// An endpoint is declared once: its schemas validate requests, its roles gate access, and the
// same declaration generates the OpenAPI document. Nothing about a route is written twice.
import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { Principal, UserRole } from '../../domain';
import type { Caller } from './principal';

export type Auth =
  | 'public' // neither a token nor the session cookie is looked at (tracking, sign-in, documentation)
  | 'optional' // anonymous allowed; a token or the session cookie identifies the caller (online submission)
  | 'bearer'; // a signed-in caller is required: a bearer token, or the console's session cookie

/** A JSON answer (the usual), or bytes, or a stream of chunks (CSV exports), with their media type. */
export type Reply =
  | { status?: number; body: unknown; headers?: Record<string, string> }
  | { status?: number; raw: Buffer | string; contentType: string; headers?: Record<string, string> }
  | { status?: number; stream: AsyncIterable<string | Buffer>; contentType: string; headers?: Record<string, string> };

/** An answer in another media type than JSON, for the OpenAPI document. */
export interface MediaAlternative {
  description?: string;
  /** Bytes (a file): documented as a binary string. */
  binary?: boolean;
}

export interface Ctx<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  /** Set when the caller sent a valid token or session cookie (always, when auth is 'bearer'). */
  principal?: Principal;
  /** How the caller signed in, and with the cookie their session. */
  caller: Caller;
  idempotencyKey?: string;
  req: Request;
  res: Response;
}

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;
/** A raw-body endpoint declares no body schema: its handler gets the bytes. */
type RawOr<B> = B extends z.ZodType ? z.output<B> : Buffer | undefined;

export interface Endpoint<P extends z.ZodType | undefined = any, Q extends z.ZodType | undefined = any, B extends z.ZodType | undefined = any> {
  operationId: string;
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
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
  /** The body is the raw bytes of a file (ctx.body is a Buffer), not JSON: its accepted media types and size limit. */
  rawBody?: { mediaTypes: readonly string[]; maxBytes: number; description: string };
  /** Anonymous callers may make this many times the public rate limit a minute per address (default 1). */
  publicLimitFactor?: number;
  /** Callable by a signed-in user who must still change a one-time password (the session endpoints). */
  beforePasswordChange?: boolean;
  /** Accepts an Idempotency-Key: a retry returns the first answer. */
  idempotent?: boolean;
  /** Expected answers besides the standard errors, by status. */
  responses: Record<number, { description: string; schema?: z.ZodType; alternatives?: Record<string, MediaAlternative>; jsonless?: boolean }>;
  /** Error statuses this endpoint can answer with, beyond 400/401/403/429/500. */
  errors?: number[];
  handle(ctx: Ctx<Out<P>, Out<Q>, RawOr<B>>): Promise<Reply>;
}

export function endpoint<P extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined, B extends z.ZodType | undefined = undefined>(
  e: Endpoint<P, Q, B>,
): Endpoint {
  return e as Endpoint;
}

export const expressPath = (openApiPath: string): string => openApiPath.replace(/\{(\w+)\}/g, ':$1');
