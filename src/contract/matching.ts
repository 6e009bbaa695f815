/**
 * One person, counted once (issue 15): the candidate notice and link requests between organisations' records.
 *
 * A candidate is another record that may be the same person. What leaves the server about it is only: an opaque
 * handle (encrypted, valid for the organisation that asked, for a day), the organisation that holds it, how strong
 * the candidate is and which kinds of facts agreed — never a name, a date, a number, a case or a person id of
 * another organisation. A record of the caller's own organisation is shown as such, with the caller's own case
 * links (they can see them anyway).
 */
import { z } from 'zod';
import { ZDate, ZId, ZInstant, ZRef } from './common';
import { ZPersonInput } from './persons';

/** The kinds of facts that can agree (the explanation's parts, modules/matching/matching.types.ts). */
export const MATCH_FACTS = ['name', 'birthYear', 'sex', 'nationality', 'document', 'phone'] as const;
export const ZMatchFact = z.enum(MATCH_FACTS);
export const ZMatchStrength = z.enum(['strong', 'partial']);

/** An opaque reference to a candidate, only meaningful to the organisation it was given to. */
export const ZCandidateHandle = z.string().min(1).max(1000);

/**
 * The lookup before saving: the person fields of the registration form (the given names at least), and the
 * identification date an estimated age refers to (today when absent).
 */
export const ZMatchLookup = ZPersonInput.partial()
  .extend({ givenNames: ZPersonInput.shape.givenNames, identifiedOn: ZDate.optional() })
  .strict();

const ZOwnCase = z.object({ id: ZId, reference: z.string() });

export const ZMatchCandidate = z.discriminatedUnion('kind', [
  z.object({
    /** A record of the caller's own organisation. */
    kind: z.literal('own'),
    strength: ZMatchStrength,
    agreed: z.array(ZMatchFact),
    personId: ZId,
    cases: z.array(ZOwnCase),
  }),
  z.object({
    /** A record of another organisation: only who holds it. */
    kind: z.literal('other'),
    handle: ZCandidateHandle,
    organisation: ZRef,
    strength: ZMatchStrength,
    agreed: z.array(ZMatchFact),
  }),
]);
export type TMatchCandidate = z.infer<typeof ZMatchCandidate>;
export const ZMatchCandidates = z.object({ items: z.array(ZMatchCandidate) });
export type TMatchCandidates = z.infer<typeof ZMatchCandidates>;

export const PERSON_LINK_STATUSES = ['requested', 'accepted', 'declined', 'unlinked'] as const;
export const ZPersonLinkStatus = z.enum(PERSON_LINK_STATUSES);

/** A link request from the caller's record to a candidate. */
export const ZPersonLinkCreate = z.object({ fromPersonId: ZId, candidate: ZCandidateHandle }).strict();
export const ZPersonLinkVersion = z.object({ version: z.number().int().min(1) }).strict();
export const ZPersonLinkDecline = z.object({ version: z.number().int().min(1), reason: z.string().trim().max(1000).optional() }).strict();
export const ZPersonLinkListQuery = z.object({ direction: z.enum(['incoming', 'outgoing']).optional(), status: ZPersonLinkStatus.optional() });

/**
 * A link as one side sees it: its own record (person and its own cases), the other organisation, the strength and
 * the kinds of facts that agreed when it was requested, the dates. Never the other side's record.
 */
export const ZPersonLink = z.object({
  id: ZId,
  version: z.number().int(),
  direction: z.enum(['incoming', 'outgoing']),
  status: ZPersonLinkStatus,
  strength: ZMatchStrength,
  agreed: z.array(ZMatchFact),
  ownRecord: z.object({ personId: ZId, cases: z.array(ZOwnCase) }),
  otherOrganisation: ZRef,
  /** Why the other organisation declined (its words), when it gave a reason. */
  reason: z.string().nullable(),
  requestedAt: ZInstant,
  decidedAt: ZInstant.nullable(),
  unlinkedAt: ZInstant.nullable(),
  actions: z.array(z.enum(['accept', 'decline', 'unlink'])),
});
export type TPersonLink = z.infer<typeof ZPersonLink>;
export const ZPersonLinkList = z.object({ items: z.array(ZPersonLink) });
