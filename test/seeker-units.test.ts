import { describe, expect, it } from 'vitest';
import { addYears, graduationDateErrors, idCheckCharacter, idNumberErrors, isCollegeGraduate, normalisePhone, phoneErrors } from '../domain/seeker/identity';
import { effectiveGroups, seekerFieldErrors } from '../domain/seeker/job-seeker.service';
import { decryptPii, derivePiiKeys, encryptPii, maskIdNumber, maskPhone, parsePiiKey, piiHash } from '../domain/seeker/pii';
import { EducationLevel, EmploymentStatus } from '../domain/seeker/seeker-enums';
import { SeekerGroup } from '../domain/supply/supply-enums';

const TODAY = '2026-05-20';
const id = (body17: string) => body17 + idCheckCharacter(body17);

describe('resident identity numbers (GB 11643)', () => {
  it('computes the MOD 11-2 check character, X included', () => {
    // The standard's own example.
    expect(idCheckCharacter('11010519491231002')).toBe('X');
    expect(idNumberErrors('11010519491231002X', TODAY, ['f'])).toEqual([]);
    expect(idNumberErrors(id('21020220030915123'), TODAY, ['f'])).toEqual([]);
  });

  it.each([
    ['wrong check digit', (() => { const v = id('21020220030915123'); return v.slice(0, 17) + (v[17] === '0' ? '1' : '0'); })(), /check digit/],
    ['impossible birth date 19990230', id('21020219990230123'), /does not exist/],
    ['birth month 13', id('21020220041318123'), /does not exist/],
    ['birth day 00', id('21020220040300123'), /does not exist/],
    ['birth in the future', id('21020220990101123'), /outside 1900/],
    ['birth before 1900', id('21020218991231123'), /outside 1900/],
    ['no such province', id('99020220030915123'), /region code/],
    ['too short', '2102022003091512', /18-character/],
    ['letters', '21020220030915ABCX', /18-character/],
  ])('refuses %s without repeating the number', (_label, value, message) => {
    const errors = idNumberErrors(value, TODAY, ['input', 'idNumber']);
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toMatch(message);
    expect(errors[0].message).not.toContain(value.slice(0, 10));
    expect(errors[0].field).toEqual(['input', 'idNumber']);
  });
});

describe('phones, dates and field checks', () => {
  it('accepts mainland mobiles only', () => {
    expect(normalisePhone('+86 138-0041-5678')).toBe('13800415678');
    expect(phoneErrors('13800415678', ['p'])).toEqual([]);
    for (const bad of ['12800415678', '1380041567', '010-12345678', 'abc']) expect(phoneErrors(bad, ['p'])).toHaveLength(1);
  });

  it('allows graduation at most a year ahead', () => {
    expect(graduationDateErrors(addYears(TODAY, 1), TODAY, ['g'])).toEqual([]);
    expect(graduationDateErrors('2099-07-01', TODAY, ['g'])).toHaveLength(1);
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
  });

  it('names each problem on its field, birth date against the id', () => {
    const fields = {
      name: ' ',
      idNumber: id('21020220030915123'),
      phone: '1380041567',
      birthDate: '2003-09-16',
      regionCode: '210202',
      educationLevel: EducationLevel.BACHELOR,
      employmentStatus: EmploymentStatus.UNEMPLOYED,
      graduationDate: '2099-01-01',
      targetOccupationCodes: [],
      groups: [],
    };
    expect(seekerFieldErrors(fields, TODAY).map((e) => e.field!.join('.'))).toEqual(['input.name', 'input.phone', 'input.birthDate', 'input.graduationDate']);
    expect(seekerFieldErrors({ ...fields, name: '张三', phone: '13800415678', birthDate: '2003-09-15', graduationDate: null }, TODAY)).toEqual([]);
  });
});

describe('college graduate, derived from the dates', () => {
  const seeker = (graduationDate: string | null, employmentStatus: EmploymentStatus, educationLevel = EducationLevel.BACHELOR) => ({ graduationDate, employmentStatus, educationLevel });
  it.each([
    ['graduating this calendar year, still a student', seeker('2026-07-01', EmploymentStatus.STUDENT), true],
    ['graduated this year and already employed', seeker('2026-01-15', EmploymentStatus.EMPLOYED), true],
    ['student graduating within 12 months (next year)', seeker('2027-01-10', EmploymentStatus.STUDENT), true],
    ['left 2 years ago, unemployed', seeker('2024-07-01', EmploymentStatus.UNEMPLOYED), true],
    ['left 2 years ago, employed', seeker('2024-07-01', EmploymentStatus.EMPLOYED), false],
    ['left 4 years ago, unemployed', seeker('2022-07-01', EmploymentStatus.UNEMPLOYED), false],
    ['left exactly 3 years ago', seeker('2023-05-20', EmploymentStatus.UNEMPLOYED), true],
    ['secondary vocational only', seeker('2026-07-01', EmploymentStatus.STUDENT, EducationLevel.SECONDARY_VOCATIONAL), false],
    ['no graduation date', seeker(null, EmploymentStatus.UNEMPLOYED), false],
    ['non-student graduating next year', seeker('2027-01-10', EmploymentStatus.UNEMPLOYED), false],
  ])('%s', (_label, facts, expected) => {
    expect(isCollegeGraduate(facts, TODAY)).toBe(expected);
  });

  it('adds COLLEGE_GRADUATE when derived and drops a typed one the dates do not support', () => {
    const typed = [SeekerGroup.COLLEGE_GRADUATE, SeekerGroup.VETERAN];
    expect(effectiveGroups({ ...seeker('2022-07-01', EmploymentStatus.UNEMPLOYED), groups: typed }, TODAY)).toEqual([SeekerGroup.VETERAN]);
    expect(effectiveGroups({ ...seeker('2024-07-01', EmploymentStatus.UNEMPLOYED), groups: [SeekerGroup.VETERAN] }, TODAY)).toEqual([SeekerGroup.COLLEGE_GRADUATE, SeekerGroup.VETERAN]);
  });
});

describe('sealing personal data', () => {
  const keys = derivePiiKeys(Buffer.alloc(32, 7));

  it('reads a 32-byte key from base64 or hex only', () => {
    expect(parsePiiKey(Buffer.alloc(32, 1).toString('base64'))).toEqual(Buffer.alloc(32, 1));
    expect(parsePiiKey('ab'.repeat(32))).toEqual(Buffer.alloc(32, 0xab));
    expect(parsePiiKey(Buffer.alloc(16).toString('base64'))).toBeNull();
    expect(parsePiiKey('not a key!')).toBeNull();
  });

  it('derives distinct keys for encryption and hashing', () => {
    expect(keys.encryption.equals(keys.hmac)).toBe(false);
    expect(keys.encryption).toHaveLength(32);
  });

  it('encrypts with a fresh IV each time and detects tampering or another key', () => {
    const a = encryptPii(keys, '13800415678');
    const b = encryptPii(keys, '13800415678');
    expect(a.equals(b)).toBe(false);
    expect(a.toString('latin1')).not.toContain('13800415678');
    expect(decryptPii(keys, a)).toBe('13800415678');
    const tampered = Buffer.from(a);
    tampered[tampered.length - 1] ^= 1;
    expect(() => decryptPii(keys, tampered)).toThrow();
    expect(() => decryptPii(derivePiiKeys(Buffer.alloc(32, 8)), a)).toThrow();
  });

  it('hashes deterministically, per key and per kind', () => {
    expect(piiHash(keys, 'phone', '13800415678').equals(piiHash(keys, 'phone', '13800415678'))).toBe(true);
    expect(piiHash(keys, 'phone', '13800415678').equals(piiHash(keys, 'idNumber', '13800415678'))).toBe(false);
    expect(piiHash(keys, 'phone', '13800415678').equals(piiHash(derivePiiKeys(Buffer.alloc(32, 8)), 'phone', '13800415678'))).toBe(false);
  });

  it('masks as the contract shows', () => {
    expect(maskIdNumber('21020220030915123X')).toBe('2102**********123X');
    expect(maskPhone('13800415678')).toBe('138****5678');
  });
});
