import { uuidv7 } from 'uuidv7';

export const newId = (): string => uuidv7();
export const nowIso = (): string => new Date().toISOString();
