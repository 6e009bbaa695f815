import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REFERRAL_ACTIONS, REFERRAL_STATUSES } from '../../src/contract/referrals';
import { ACTIVE, ENDED, OPEN, TRANSITIONS, allowedActions, check, type Party } from '../../src/server/modules/referrals/referrals.machine';
import { median, percentile } from '../../src/server/modules/referrals/referrals.insights';
import { responseWindow } from '../../src/server/modules/referrals/referrals.config';

describe('referral state machine', () => {
  it('written out by hand: the allowed (state, action, party) triples', () => {
    const allowed: string[] = [];
    for (const s of REFERRAL_STATUSES) for (const a of REFERRAL_ACTIONS) for (const p of ['sender', 'receiver'] as Party[]) {
      if (check(a, s, new Set([p]), { followedUp: false, reasonCode: TRANSITIONS[a].reasons?.[0] }).ok) allowed.push(`${s}:${a}:${p}`);
    }
    expect(allowed.sort()).toEqual(
      [
        'sent:accept:receiver', 'sent:decline:receiver', 'sent:revoke:sender',
        'accepted:start:receiver', 'accepted:close:receiver', 'accepted:close:sender', 'accepted:revoke:sender',
        'in_progress:complete:receiver', 'in_progress:close:receiver', 'in_progress:close:sender', 'in_progress:revoke:sender',
        'declined:acknowledge:sender', 'expired:acknowledge:sender',
      ].sort(),
    );
  });

  it('ended referrals never move again (but a follow-up mark), and nothing returns to sent', () => {
    fc.assert(
      fc.property(fc.constantFrom(...REFERRAL_STATUSES), fc.constantFrom(...REFERRAL_ACTIONS), fc.subarray(['sender', 'receiver'] as Party[]), fc.boolean(), (s, a, parties, followedUp) => {
        const c = check(a, s, new Set(parties), { followedUp, reasonCode: TRANSITIONS[a].reasons?.[0] });
        if (!c.ok) return;
        expect(c.to).not.toBe('sent');
        if ((ENDED as readonly string[]).includes(s)) expect(c.to).toBe(s);
        if (parties.length === 0) throw new Error('no party may act');
      }),
    );
  });

  it('asks for a reason to decline or close, and lists only what the caller may do', () => {
    expect(check('decline', 'sent', new Set(['receiver']), { followedUp: false })).toEqual({ ok: false, why: 'reason' });
    expect(check('decline', 'sent', new Set(['receiver']), { followedUp: false, reasonCode: 'person_left' })).toEqual({ ok: false, why: 'reason' });
    expect(check('accept', 'sent', new Set(['sender']), { followedUp: false })).toEqual({ ok: false, why: 'party' });
    expect(check('acknowledge', 'declined', new Set(['sender']), { followedUp: true })).toEqual({ ok: false, why: 'state' });
    expect(allowedActions('sent', new Set(['receiver']), false)).toEqual(['accept', 'decline']);
    expect(allowedActions('in_progress', new Set(['sender']), false)).toEqual(['close', 'revoke']);
    expect(allowedActions('completed', new Set(['sender', 'receiver']), false)).toEqual([]);
    expect([...OPEN].sort()).toEqual(['accepted', 'in_progress', 'sent']);
    expect(ACTIVE.every((s) => OPEN.includes(s))).toBe(true);
  });
});

describe('durations', () => {
  it('median and nearest-rank percentile', () => {
    expect(median([])).toBeNull();
    expect(median([5])).toBe(5);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(percentile([], 0.9)).toBeNull();
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
    expect(percentile([10, 1, 1], 0.9)).toBe(10);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1 }), (xs) => {
        const m = median(xs)!;
        const p = percentile(xs, 0.9)!;
        expect(m).toBeGreaterThanOrEqual(Math.min(...xs));
        expect(p).toBeLessThanOrEqual(Math.max(...xs));
        expect(xs.filter((x) => x <= p).length / xs.length).toBeGreaterThanOrEqual(0.9);
      }),
    );
  });

  it('response windows follow the configured urgency (hours, or working days to the end of a local day)', () => {
    const urgent = responseWindow('urgent', '2026-12-01T10:00:00.000Z');
    expect(urgent).toEqual({ respondBy: '2026-12-02T10:00:00.000Z', remindAt: '2026-12-02T04:00:00.000Z', expiresAt: '2026-12-03T10:00:00.000Z' });
    // Friday 4 December 2026: two working days later is Tuesday 8 December, end of day in Casablanca (UTC+1).
    const high = responseWindow('high', '2026-12-04T10:00:00.000Z');
    expect(high.respondBy).toBe('2026-12-08T22:59:59.999Z');
  });
});
