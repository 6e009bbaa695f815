/**
 * What the matcher compares: a person as one organisation recorded them. The fields follow the person contract
 * (src/contract/persons.ts) so the integrator can pass a decrypted person, or the typed-in form before saving.
 */
export type TPersonDescription = {
  givenNames?: string;
  familyName?: string;
  /** A name written in one field (order unknown), e.g. "EL AMRANI Mohamed". */
  fullName?: string;
  aliases?: string[];
  sex?: 'female' | 'male' | 'other' | 'unknown';
  /** YYYY-MM-DD, or YYYY when only the year is known. */
  dateOfBirth?: string;
  birthYearApproximate?: boolean;
  /** "About N years old", with the date it was said (recordedOn). */
  estimatedAge?: number;
  ageRange?: { min: number; max: number };
  /** YYYY-MM-DD: when the age was estimated (usually the registration date). */
  recordedOn?: string;
  /** ISO 3166-1 alpha-2 codes. */
  nationalities?: string[];
  documents?: { type: string; number: string }[];
  phones?: string[];
};

export type TMatchPartName = 'name' | 'birthYear' | 'sex' | 'nationality' | 'document' | 'phone';
export type TMatchStrength = 'strong' | 'partial' | 'none';

/**
 * One kind of fact and what it said: agree / disagree / unknown (missing on a side), how strongly, and its
 * contribution to the score in log-odds points. `detail` holds counts and similarities only, never a value.
 */
export type TMatchPart = {
  part: TMatchPartName;
  outcome: 'agree' | 'disagree' | 'unknown';
  strength: TMatchStrength;
  points: number;
  detail?: Record<string, number | boolean | string[]>;
};

export type TMatchExplanation = {
  /** In [0, 1]: the logistic of the summed points. */
  total: number;
  strength: TMatchStrength;
  parts: TMatchPart[];
};
