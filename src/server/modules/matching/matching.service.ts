/**
 * One person, counted once (issue 15): the candidate notice and the link requests between organisations.
 *
 * Candidate notice. The caller's record (decrypted: its own organisation manages it) or the registration form
 * (nothing stored) is described, and looked up by token equality on its selective keys (matching.keys.ts lookupKeys:
 * name pairs in a birth bucket, documents, phones);
 * the persons found are compared on their tokens only (which kinds agree, whether the sex differs) and kept when
 * `candidateStrength` says so. Another organisation's record leaves as an opaque handle (the candidate's person id
 * and an expiry, encrypted under the keyring with the caller's organisation in the additional data: no one else can
 * open it, and it says nothing), that organisation's name, the strength and the kinds of facts that agreed. A record
 * of the caller's organisation is shown as such with its cases. Persons linked to the record already (a request
 * open, or the accepted group) are left out. Each lookup is audited (`match.lookup`, counts only).
 *
 * Link requests. From a record the caller's organisation manages to a candidate handle (`requested`); the
 * organisation that manages the candidate's case accepts or declines (with an optional reason, encrypted); either
 * side unlinks an accepted link. Each side sees its own record only. Every step is a conditional update on
 * (id, version, status) and an audit entry (`person_link.*`) without personal data; a wrong state is 409 CONFLICT,
 * a stale version 409 VERSION_CONFLICT; an organisation that is neither side gets 404.
 */
import type { z } from 'zod';
import type { TMatchCandidate, TMatchCandidates, TPersonLink, ZMatchLookup, ZPersonLinkCreate, ZPersonLinkDecline, ZPersonLinkListQuery, ZPersonLinkVersion } from '../../../contract/matching';
import type { Actor, Platform } from '../../platform/context';
import type { Tx } from '../../platform/db/database';
import type { PersonLinksTable } from '../../platform/db/schema';
import { auditRead, recordAudit } from '../../platform/audit';
import { versionConflict } from '../../platform/concurrency';
import { AppError } from '../../platform/errors';
import { newId, nowIso } from '../../platform/ids';
import { localDate } from '../timelines/calendar';
import { personsRepository } from '../persons/persons.repository';
import { matchDescriptionOf } from '../persons/persons.service';
import { refreshFacts } from '../statistics/statistics.facts';
import { matchingPolicy as policy } from './matching.policy';
import { groupMembersOf, matchingRepository as repo, pairKey } from './matching.repository';
import { agreedFacts, compareTokens, type TCandidateStrength } from './matching.strength';
import { describeForMatching, lookupTokensOf, matchTokensOf } from './matching.tokens';
import type { TPersonDescription } from './matching.types';

type Input<T extends z.ZodType> = z.output<T>;

/** A handle is valid this long: enough to finish a registration and ask for the link. */
const HANDLE_TTL_MS = 24 * 3600 * 1000;
/** At most this many persons are compared per lookup, and this many candidates shown. */
const MAX_FOUND = 200;
const MAX_SHOWN = 20;

const handleAad = (orgId: string) => `person_match.handle:${orgId}`;
const reasonAad = (id: string) => `person_links.reason_enc:${id}`;

function makeHandle(p: Platform, orgId: string, personId: string, now: number): string {
  return p.keyring.encryptText(JSON.stringify({ p: personId, e: now + HANDLE_TTL_MS }), handleAad(orgId));
}

/** The candidate's person id, or null for a handle that is not this organisation's, was altered or expired. */
function openHandle(p: Platform, orgId: string, handle: string, now: number): string | null {
  try {
    const v = JSON.parse(p.keyring.decryptText(handle, handleAad(orgId))) as { p?: unknown; e?: unknown };
    return typeof v.p === 'string' && typeof v.e === 'number' && v.e > now ? v.p : null;
  } catch {
    return null;
  }
}

const rank = (s: TCandidateStrength) => (s === 'strong' ? 0 : 1);

/** The candidates of a set of tokens, as the caller may see them. */
async function candidates(p: Platform, trx: Tx, actor: Actor, description: TPersonDescription, exclude: string[]): Promise<TMatchCandidate[]> {
  const ours = matchTokensOf(p, description);
  const found = await repo.personsSharing(trx, lookupTokensOf(p, description), exclude, MAX_FOUND);
  const [shared, cases] = await Promise.all([repo.tokensShared(trx, found, ours.map((t) => t.token)), repo.liveCases(trx, found)]);
  const scored: { personId: string; strength: TCandidateStrength; agreed: ReturnType<typeof agreedFacts>; cases: typeof cases }[] = [];
  for (const personId of found) {
    const cmp = compareTokens(ours, shared.get(personId) ?? []);
    const theirs = cases.filter((c) => c.person_id === personId);
    if (cmp.strength && theirs.length > 0) scored.push({ personId, strength: cmp.strength, agreed: agreedFacts(cmp.agreed), cases: theirs });
  }
  scored.sort((a, b) => rank(a.strength) - rank(b.strength) || b.agreed.length - a.agreed.length);
  const shown = scored.slice(0, MAX_SHOWN);
  const names = await repo.organisationNames(trx, shown.map((s) => s.cases[0]!.managing_org_id));
  const now = Date.now();
  return shown.map((s): TMatchCandidate => {
    const own = s.cases.filter((c) => c.managing_org_id === actor.organisationId);
    if (own.length > 0) return { kind: 'own', strength: s.strength, agreed: s.agreed, personId: s.personId, cases: own.map((c) => ({ id: c.id, reference: c.reference })) };
    // The organisation that manages the person's latest case holds the record.
    const org = s.cases[0]!.managing_org_id;
    return { kind: 'other', handle: makeHandle(p, actor.organisationId, s.personId, now), organisation: { id: org, name: names.get(org) ?? '' }, strength: s.strength, agreed: s.agreed };
  });
}

const summary = (items: TMatchCandidate[]) => ({
  candidates: items.length,
  strong: items.filter((i) => i.strength === 'strong').length,
  own: items.filter((i) => i.kind === 'own').length,
});

/** The person, visible to the caller and managed by the caller's organisation (404 when not visible, 403 when only shared). */
async function managedPerson(trx: Tx, actor: Actor, personId: string, now: string) {
  const row = await personsRepository.visibleById(trx, actor.organisationId, now, personId);
  if (!row) throw AppError.notFound();
  const cases = await personsRepository.visibleCases(trx, actor.organisationId, now, personId);
  if (!cases.some((c) => c.managing_org_id === actor.organisationId)) throw AppError.forbidden();
  return row;
}

/** Persons a record is linked to already: its accepted group and any open request, itself included. */
async function alreadyLinked(trx: Tx, personId: string): Promise<string[]> {
  return [...new Set([...(await groupMembersOf(trx, personId)), ...(await repo.liveLinkedTo(trx, personId))])];
}

/** A link as the caller's side sees it. */
async function present(p: Platform, trx: Tx, actor: Actor, l: PersonLinksTable): Promise<TPersonLink> {
  const outgoing = (await repo.liveCases(trx, [l.from_person_id])).some((c) => c.managing_org_id === actor.organisationId);
  const ownPerson = outgoing ? l.from_person_id : l.to_person_id;
  const otherOrg = outgoing ? l.to_org_id : l.from_org_id;
  const [cases, names] = await Promise.all([repo.liveCases(trx, [ownPerson]), repo.organisationNames(trx, [otherOrg])]);
  const actions: TPersonLink['actions'] = [];
  if (!outgoing && l.status === 'requested') actions.push('accept', 'decline');
  if (l.status === 'accepted') actions.push('unlink');
  return {
    id: l.id,
    version: l.version,
    direction: outgoing ? 'outgoing' : 'incoming',
    status: l.status as TPersonLink['status'],
    strength: l.strength as TPersonLink['strength'],
    agreed: JSON.parse(l.agreed) as TPersonLink['agreed'],
    ownRecord: { personId: ownPerson, cases: cases.filter((c) => c.managing_org_id === actor.organisationId).map((c) => ({ id: c.id, reference: c.reference })) },
    otherOrganisation: { id: otherOrg, name: names.get(otherOrg) ?? '' },
    reason: l.reason_enc ? p.keyring.decryptText(l.reason_enc, reasonAad(l.id)) : null,
    requestedAt: l.requested_at,
    decidedAt: l.decided_at,
    unlinkedAt: l.unlinked_at,
    actions,
  };
}

/** The link if the caller's organisation is one of its sides (404 otherwise), after the role check (403). */
async function visibleLink(trx: Tx, actor: Actor, id: string) {
  if (!policy.link(actor)) throw AppError.forbidden();
  const l = await repo.visibleLink(trx, actor.organisationId, id);
  if (!l) throw AppError.notFound();
  return l;
}

export const matchingService = {
  /** The candidates of a record the caller's organisation manages. */
  async candidatesOf(p: Platform, trx: Tx, actor: Actor, personId: string): Promise<TMatchCandidates> {
    if (!policy.lookup(actor)) throw AppError.forbidden();
    const row = await managedPerson(trx, actor, personId, nowIso());
    const items = await candidates(p, trx, actor, await matchDescriptionOf(p, trx, row), await alreadyLinked(trx, personId));
    await auditRead(p, trx, actor, { action: 'match.lookup', entityType: 'person', entityId: personId, details: summary(items) });
    return { items };
  },

  /** The candidates of the registration form, before the person is saved (nothing is stored but the audit entry). */
  async candidatesFor(p: Platform, trx: Tx, actor: Actor, input: Input<typeof ZMatchLookup>): Promise<TMatchCandidates> {
    if (!policy.lookup(actor)) throw AppError.forbidden();
    const description = describeForMatching({
      identity: {
        givenNames: input.givenNames,
        familyName: input.familyName ?? null,
        aliases: input.aliases ?? [],
        dateOfBirth: input.dateOfBirth ?? null,
        estimatedAge: input.dateOfBirth ? null : (input.estimatedAge ?? null),
        ageRange: input.dateOfBirth ? null : (input.ageRange ?? null),
      },
      sex: input.sex ?? 'unknown',
      nationalities: input.nationalities ?? [],
      contacts: input.contacts ?? [],
      documents: input.identityDocuments ?? [],
      recordedOn: input.identifiedOn ?? localDate(new Date(), p.config.timezone),
    });
    const items = await candidates(p, trx, actor, description, []);
    await auditRead(p, trx, actor, { action: 'match.lookup', details: { ...summary(items), form: true } });
    return { items };
  },

  /** Asks the organisation holding a candidate to link it with the caller's record. */
  async request(p: Platform, trx: Tx, actor: Actor, input: Input<typeof ZPersonLinkCreate>): Promise<TPersonLink> {
    if (!policy.link(actor)) throw AppError.forbidden();
    const now = nowIso();
    await managedPerson(trx, actor, input.fromPersonId, now);
    const toPersonId = openHandle(p, actor.organisationId, input.candidate, Date.now());
    if (!toPersonId) throw AppError.notFound();
    if (toPersonId === input.fromPersonId) throw AppError.validation([{ path: 'candidate', code: 'invalid_value' }]);
    const theirCases = await repo.liveCases(trx, [toPersonId]);
    if (theirCases.length === 0) throw AppError.notFound();
    if (theirCases.some((c) => c.managing_org_id === actor.organisationId)) throw AppError.validation([{ path: 'candidate', code: 'same_organisation' }]);
    if ((await alreadyLinked(trx, input.fromPersonId)).includes(toPersonId)) throw AppError.validation([{ path: 'candidate', code: 'already_linked' }]);
    // Scored again from both records as they are now (the handle may come from the registration form).
    const cmp = compareTokens(await repo.tokensOf(trx, input.fromPersonId), await repo.tokensOf(trx, toPersonId));
    if (!cmp.strength) throw AppError.validation([{ path: 'candidate', code: 'invalid_value' }]);
    const row: PersonLinksTable = {
      id: newId(),
      from_person_id: input.fromPersonId,
      from_org_id: actor.organisationId,
      to_person_id: toPersonId,
      to_org_id: theirCases[0]!.managing_org_id,
      pair_key: pairKey(input.fromPersonId, toPersonId),
      strength: cmp.strength,
      agreed: JSON.stringify(agreedFacts(cmp.agreed)),
      status: 'requested',
      reason_enc: null,
      requested_by: actor.userId,
      requested_at: now,
      decided_by: null,
      decided_at: null,
      unlinked_by: null,
      unlinked_at: null,
      version: 1,
      created_at: now,
      updated_at: now,
    };
    // Two requests for one pair at once: the unique index of live links keeps one, the other is told.
    if (!(await repo.insertLink(trx, row))) throw AppError.validation([{ path: 'candidate', code: 'already_linked' }]);
    await recordAudit(p, trx, actor, { action: 'person_link.request', entityType: 'person_link', entityId: row.id, details: { strength: row.strength, agreed: JSON.parse(row.agreed) } });
    return present(p, trx, actor, row);
  },

  async list(p: Platform, trx: Tx, actor: Actor, query: Input<typeof ZPersonLinkListQuery>): Promise<{ items: TPersonLink[] }> {
    if (!policy.link(actor)) throw AppError.forbidden();
    const rows = await repo.listLinks(trx, actor.organisationId, query);
    const items = [];
    for (const l of rows) items.push(await present(p, trx, actor, l));
    await auditRead(p, trx, actor, { action: 'person_link.list', details: { direction: query.direction ?? 'both', links: rows.map((l) => l.id) } });
    return { items };
  },

  /** The receiving organisation accepts: the two records are one person from now on (one group). */
  async accept(p: Platform, trx: Tx, actor: Actor, id: string, input: Input<typeof ZPersonLinkVersion>): Promise<TPersonLink> {
    return decide(p, trx, actor, id, input.version, 'accepted');
  },

  async decline(p: Platform, trx: Tx, actor: Actor, id: string, input: Input<typeof ZPersonLinkDecline>): Promise<TPersonLink> {
    return decide(p, trx, actor, id, input.version, 'declined', input.reason);
  },

  /** Either side undoes an accepted link. */
  async unlink(p: Platform, trx: Tx, actor: Actor, id: string, input: Input<typeof ZPersonLinkVersion>): Promise<TPersonLink> {
    const l = await visibleLink(trx, actor, id);
    if (l.status !== 'accepted') throw new AppError('CONFLICT', { reason: 'invalid_transition', status: l.status });
    if (l.version !== input.version) throw AppError.conflict(l.version);
    const now = nowIso();
    const patch = { status: 'unlinked', unlinked_by: actor.userId, unlinked_at: now, updated_at: now };
    if (!(await repo.updateLink(trx, id, input.version, 'accepted', patch))) throw await versionConflict(trx, 'person_links', id);
    await recordAudit(p, trx, actor, { action: 'person_link.unlink', entityType: 'person_link', entityId: id });
    await refreshFacts(p, trx, { persons: [l.from_person_id, l.to_person_id] });
    return present(p, trx, actor, { ...l, ...patch, version: input.version + 1 });
  },
};

async function decide(p: Platform, trx: Tx, actor: Actor, id: string, version: number, status: 'accepted' | 'declined', reason?: string): Promise<TPersonLink> {
  const l = await visibleLink(trx, actor, id);
  // Only the side that was asked answers: the organisation managing the candidate's record.
  const asked = (await repo.liveCases(trx, [l.to_person_id])).some((c) => c.managing_org_id === actor.organisationId);
  if (!asked) throw AppError.forbidden();
  if (l.status !== 'requested') throw new AppError('CONFLICT', { reason: 'invalid_transition', status: l.status });
  if (l.version !== version) throw AppError.conflict(l.version);
  const now = nowIso();
  const patch = { status, decided_by: actor.userId, decided_at: now, updated_at: now, reason_enc: reason ? p.keyring.encryptText(reason, reasonAad(id)) : null };
  if (!(await repo.updateLink(trx, id, version, 'requested', patch))) throw await versionConflict(trx, 'person_links', id);
  await recordAudit(p, trx, actor, { action: status === 'accepted' ? 'person_link.accept' : 'person_link.decline', entityType: 'person_link', entityId: id, details: { reasonGiven: !!reason } });
  // One person from now on: the national figures count them once (statistics.facts linkedDuplicates).
  if (status === 'accepted') await refreshFacts(p, trx, { persons: [l.from_person_id, l.to_person_id] });
  return present(p, trx, actor, { ...l, ...patch, version: version + 1 });
}
