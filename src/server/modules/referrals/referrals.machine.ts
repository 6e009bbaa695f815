/**
 * The referral state machine, as data: which action moves a referral from which states to which, and which
 * party may take it. Pure, so every allowed and forbidden transition can be enumerated in tests.
 *
 *   sent ──accept──▶ accepted ──start──▶ in_progress ──complete──▶ completed
 *     │                 │                     │
 *     ├─decline─▶ declined   ├─close─▶ closed ◀┤
 *     ├─(deadline)─▶ expired │                 │
 *     └─revoke──▶ revoked ◀──┴─────revoke──────┘
 * Declined and expired referrals wait in the sender's queue until acknowledged (followed up).
 */
import type { TReferralAction, TReferralStatus } from '../../../contract/referrals';
import { CLOSE_REASONS, DECLINE_REASONS } from '../../../contract/referrals';

export type Party = 'sender' | 'receiver';

type Transition = { from: readonly TReferralStatus[]; to: TReferralStatus | null; parties: readonly Party[]; reasons?: readonly string[] };

export const TRANSITIONS: Record<TReferralAction, Transition> = {
  accept: { from: ['sent'], to: 'accepted', parties: ['receiver'] },
  decline: { from: ['sent'], to: 'declined', parties: ['receiver'], reasons: DECLINE_REASONS },
  start: { from: ['accepted'], to: 'in_progress', parties: ['receiver'] },
  complete: { from: ['in_progress'], to: 'completed', parties: ['receiver'] },
  close: { from: ['accepted', 'in_progress'], to: 'closed', parties: ['receiver', 'sender'], reasons: CLOSE_REASONS },
  revoke: { from: ['sent', 'accepted', 'in_progress'], to: 'revoked', parties: ['sender'] },
  /** Stays in its state; marks a declined or expired referral as followed up. */
  acknowledge: { from: ['declined', 'expired'], to: null, parties: ['sender'] },
};

/** States in which the receiving organisation holds a grant on the case. */
export const ACTIVE: readonly TReferralStatus[] = ['accepted', 'in_progress'];
export const OPEN: readonly TReferralStatus[] = ['sent', 'accepted', 'in_progress'];
export const ENDED: readonly TReferralStatus[] = ['declined', 'expired', 'completed', 'closed', 'revoked'];

export type Check = { ok: true; to: TReferralStatus } | { ok: false; why: 'party' | 'state' | 'reason' };

export function check(action: TReferralAction, status: TReferralStatus, parties: ReadonlySet<Party>, r: { followedUp: boolean; reasonCode?: string }): Check {
  const t = TRANSITIONS[action];
  if (!t.parties.some((p) => parties.has(p))) return { ok: false, why: 'party' };
  if (!t.from.includes(status) || (action === 'acknowledge' && r.followedUp)) return { ok: false, why: 'state' };
  if (t.reasons && (!r.reasonCode || !t.reasons.includes(r.reasonCode))) return { ok: false, why: 'reason' };
  return { ok: true, to: t.to ?? status };
}

/** The actions a caller may take now (what the web app shows as buttons). */
export function allowedActions(status: TReferralStatus, parties: ReadonlySet<Party>, followedUp: boolean): TReferralAction[] {
  return (Object.keys(TRANSITIONS) as TReferralAction[]).filter((a) => {
    const c = check(a, status, parties, { followedUp, reasonCode: TRANSITIONS[a].reasons?.[0] });
    return c.ok;
  });
}
