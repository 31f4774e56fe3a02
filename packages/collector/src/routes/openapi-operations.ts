import { z } from 'zod';
import { assetInputSchema } from '../schemas/asset';
import {
  contactInputSchema,
  dealInputSchema,
  dealPatchSchema,
  interactionsAnswerSchema,
  interactionsInputSchema,
  upsertAnswerSchema,
} from '../schemas/crm';
import { portalCreatedSchema, portalInputSchema } from '../schemas/portal';
import {
  journeyAnswerSchema,
  journeyQuerySchema,
  reportAnswerSchema,
  reportQuerySchema,
} from '../schemas/report';
import {
  contactLookupQuerySchema,
  contactSummarySchema,
  replayInputSchema,
  sessionQuerySchema,
  sessionSchema,
} from '../schemas/session';
import { wireBatchSchema } from '../schemas/wire';

/** The one error shape of every 4xx. */
export const errorSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      field: z.string().optional(),
    }),
  })
  .meta({ id: 'Error' });

/** A JSON value of the document. */
export type Json = Record<string, unknown>;

/** One route as the document describes it. */
export interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  summary: string;
  /** false: public; 'admin': the admin token only; true: any key. */
  auth: boolean | 'admin';
  query?: z.ZodType;
  pathParams?: string[];
  body?: z.ZodType;
  bodyType?: string;
  status?: number;
  answer?: z.ZodType | Json;
  answerType?: string;
}

const sessionsAnswer = z
  .object({
    sessions: z.array(sessionSchema),
    /** Pass as `after` for the next page; null on the last page. */
    next: z.string().nullable(),
  })
  .meta({ id: 'SessionsAnswer' });
const contactsAnswer = z
  .object({ contacts: z.array(contactSummarySchema) })
  .meta({ id: 'ContactsAnswer' });
const anyObject: Json = { type: 'object' };

/** Every route of the collector, described from its validating schemas. */
export const OPERATIONS: readonly Operation[] = [
  { method: 'get', path: '/health', summary: 'Liveness', auth: false },
  {
    method: 'get',
    path: '/openapi.json',
    summary: 'This document',
    auth: true,
    answer: anyObject,
  },
  {
    method: 'get',
    path: '/js/{file}',
    summary: 'The tracker script of a portal ({portal}.js)',
    auth: false,
    pathParams: ['file'],
    answerType: 'text/javascript',
  },
  ...['/v1/collect', '/v1/e'].map(
    (path): Operation => ({
      method: 'post',
      path,
      summary:
        path === '/v1/collect'
          ? 'Tracker batches, queued for storage'
          : 'Alias of /v1/collect, named to pass ad-blockers',
      auth: false,
      body: wireBatchSchema,
      bodyType: 'text/plain',
      status: 202,
    }),
  ),
  {
    method: 'post',
    path: '/v1/portals',
    summary: 'Register a portal and issue its API key',
    auth: 'admin',
    body: portalInputSchema,
    status: 201,
    answer: portalCreatedSchema,
  },
  {
    method: 'get',
    path: '/v1/portal',
    summary: 'The portal of the key',
    auth: true,
    answer: anyObject,
  },
  {
    method: 'get',
    path: '/v1/stats',
    summary: 'Events stored and dropped, by reason',
    auth: true,
    answer: anyObject,
  },
  {
    method: 'put',
    path: '/v1/assets',
    summary: 'Type a page from now on',
    auth: true,
    body: assetInputSchema,
    answer: anyObject,
  },
  {
    method: 'get',
    path: '/v1/sessions',
    summary: 'Sessions started in a range',
    auth: true,
    query: sessionQuerySchema,
    answer: sessionsAnswer,
  },
  {
    method: 'get',
    path: '/v1/contacts',
    summary: 'Contacts by email',
    auth: true,
    query: contactLookupQuerySchema,
    answer: contactsAnswer,
  },
  {
    method: 'post',
    path: '/v1/contacts',
    summary: 'Create or update a contact (idempotent on id)',
    auth: true,
    body: contactInputSchema,
    status: 201,
    answer: upsertAnswerSchema,
  },
  {
    method: 'delete',
    path: '/v1/contacts/{id}',
    summary: 'Erase a contact, its visitors and all their interactions',
    auth: true,
    pathParams: ['id'],
    answer: anyObject,
  },
  {
    method: 'post',
    path: '/v1/deals',
    summary: 'Create or update a deal (idempotent on id)',
    auth: true,
    body: dealInputSchema,
    status: 201,
    answer: upsertAnswerSchema,
  },
  {
    method: 'patch',
    path: '/v1/deals/{id}',
    summary: 'Change some fields of a deal',
    auth: true,
    pathParams: ['id'],
    body: dealPatchSchema,
    answer: upsertAnswerSchema,
  },
  {
    method: 'post',
    path: '/v1/interactions',
    summary: 'Offline interactions, stored all or nothing',
    auth: true,
    body: interactionsInputSchema,
    status: 202,
    answer: interactionsAnswerSchema,
  },
  {
    method: 'get',
    path: '/v1/reports/attribution',
    summary: 'Attribution credit by dimension (JSON or CSV)',
    auth: true,
    query: reportQuerySchema,
    answer: reportAnswerSchema,
  },
  {
    method: 'get',
    path: '/v1/contacts/{id}/journey',
    summary: "One contact's journey with positions and credit",
    auth: true,
    pathParams: ['id'],
    query: journeyQuerySchema,
    answer: journeyAnswerSchema,
  },
  {
    method: 'get',
    path: '/v1/admin/dead-letters',
    summary: 'Events that failed every retry',
    auth: 'admin',
    answer: anyObject,
  },
  {
    method: 'post',
    path: '/v1/admin/dead-letters/replay',
    summary: 'Put dead letters back on the events Queue',
    auth: 'admin',
    body: replayInputSchema,
    answer: anyObject,
  },
];
