/** Names and file names without invisible or reordering characters: the pure helpers of the contract and the upload reader. */
import { describe, expect, it } from 'vitest';
import { ZPlainName, cleanName, cleanText } from '../../src/contract/common';
import { ZPersonInput } from '../../src/contract/persons';
import { FILE_NAME_MAX, safeFileName } from '../../src/server/platform/upload';

const PDF = 'application/pdf';
/** "Muhammad" with damma, fatha, and shadda typed before its fatha (NFC would swap those two). */
const MUHAMMAD = '\u0645\u064F\u062D\u064E\u0645\u0651\u064E\u062F';

describe('cleanText / cleanName', () => {
  it('removes every bidirectional control and other invisible characters', () => {
    const bidi = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C'];
    for (const c of bidi) expect(cleanName(`Ab${c}cd`)).toBe('Abcd');
    expect(cleanName('\u202Egnp.exe')).toBe('gnp.exe');
  });

  it('removes C0 and C1 controls, zero-width spaces, the byte-order mark and tag characters', () => {
    expect(cleanName('A\u0000b\u0007c\u001Bd\u007Fe\u009Bf')).toBe('Abcdef');
    expect(cleanName('\uFEFFJo\u200Bhn\u2060 Do\u00ADe\u{E0041}')).toBe('John Doe');
    expect(cleanName('bad\uD800half')).toBe('badhalf');
  });

  it('turns line breaks and tabs into one space in a name, and keeps them in multi-line text', () => {
    expect(cleanName('  Jean\r\n\tPierre\u2028Martin  ')).toBe('Jean Pierre Martin');
    expect(cleanText('one\r\ntwo\rthree\u2029four\tfive\u202E', { multiline: true })).toBe('one\ntwo\nthree\nfour\tfive');
  });

  it('keeps Arabic names exactly as written, diacritics and their order included, and Latin names with hyphens and apostrophes', () => {
    expect(cleanName(MUHAMMAD)).toBe(MUHAMMAD);
    expect(MUHAMMAD.normalize('NFC')).not.toBe(MUHAMMAD); // what normalising would have broken
    for (const n of ['فاطمة الزهراء', 'عبد الرَّحمن بن عليّ', 'Aït-Ben O\u2019Brien', "N'Diaye", 'Zoë Ångström', 'ⵜⴰⵎⴰⵣⵉⵖⵜ']) expect(cleanName(n)).toBe(n);
  });

  it('keeps one zero-width non-joiner or joiner between two letters (Persian, Indic scripts) and removes it elsewhere', () => {
    expect(cleanName('نرگس\u200Cزاده')).toBe('نرگس\u200Cزاده');
    expect(cleanName('क्\u200Dष')).toBe('क्\u200Dष');
    expect(cleanName('a\u200C\u200C\u200Db')).toBe('a\u200Cb');
    expect(cleanName('\u200DAli\u200C')).toBe('Ali');
    expect(cleanName('Ali \u200CBen')).toBe('Ali Ben');
  });
});

describe('ZPlainName', () => {
  it('checks the length after cleaning: invisible characters do not count, a too long name is refused, an empty one too', () => {
    expect(ZPlainName(5).parse('ab\u202E\u202E\u202E\u202Ecd')).toBe('abcd');
    expect(ZPlainName(200).safeParse('x'.repeat(201)).error?.issues[0]?.code).toBe('too_big');
    expect(ZPlainName(200).safeParse('\u202E\u200F\u0000 ').error?.issues[0]?.code).toBe('too_small');
  });

  it('is what the person schema uses, for names and each alias, naming the field that is too long', () => {
    const person = ZPersonInput.parse({ givenNames: 'Amina\u202E', familyName: '\u2066El\u2069 Idrissi', aliases: ['\u202Dmina'], sex: 'female' });
    expect(person).toMatchObject({ givenNames: 'Amina', familyName: 'El Idrissi', aliases: ['mina'] });
    const long = ZPersonInput.safeParse({ givenNames: 'A', aliases: ['ok', 'x'.repeat(5000)], sex: 'female' });
    expect(long.error?.issues.map((i) => [i.path.join('.'), i.code])).toEqual([['aliases.1', 'too_big']]);
  });
});

describe('safeFileName', () => {
  it('gives the detected type’s extension, replacing one that lies and keeping one that fits', () => {
    expect(safeFileName('report.html', PDF)).toBe('report.pdf');
    expect(safeFileName('invoice\u202Efdp.exe', PDF)).toBe('invoicefdp.pdf');
    expect(safeFileName('Scan.JPEG', 'image/jpeg')).toBe('Scan.JPEG');
    expect(safeFileName('photo.jpg', 'image/png')).toBe('photo.png');
    expect(safeFileName('page.html', 'text/plain')).toBe('page.txt');
    expect(safeFileName('Rapport v1.2', PDF)).toBe('Rapport v1.2.pdf');
    expect(safeFileName('déclaration سرية.pdf', PDF)).toBe('déclaration سرية.pdf');
    expect(safeFileName('exports.csv', 'text/csv; charset=utf-8')).toBe('exports.csv');
  });

  it('keeps the last path segment, replaces reserved characters, drops leading dots and trailing dots or spaces', () => {
    expect(safeFileName('C:\\Users\\x\\..\\secret.pdf', PDF)).toBe('secret.pdf');
    expect(safeFileName('../../etc/passwd', 'text/plain')).toBe('passwd.txt');
    expect(safeFileName('..hidden. .pdf', PDF)).toBe('hidden.pdf');
    expect(safeFileName('a<b>c:"d|e?f*.pdf', PDF)).toBe('a_b_c__d_e_f_.pdf');
    expect(safeFileName('CON.pdf', PDF)).toBe('_CON.pdf');
  });

  it('defaults to document.<ext> when nothing is left, and caps the name at 255 characters keeping the extension', () => {
    expect(safeFileName('\u202E\u0000\u200F\u0007', PDF)).toBe('document.pdf');
    expect(safeFileName('...pdf', PDF)).toBe('document.pdf');
    expect(safeFileName('', 'image/png')).toBe('document.png');
    const long = safeFileName(`${'a'.repeat(5000)}.pdf`, PDF);
    expect(long).toBe(`${'a'.repeat(FILE_NAME_MAX - 4)}.pdf`);
    const arabic = safeFileName(`${'ب'.repeat(300)}😀.pdf`, PDF);
    expect([...arabic].length).toBe(FILE_NAME_MAX);
    expect(arabic.endsWith('ب.pdf')).toBe(true);
    const emoji = safeFileName(`${'😀'.repeat(300)}.pdf`, PDF);
    expect([...emoji].length).toBe(FILE_NAME_MAX);
    expect(emoji).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  });
});
