/**
 * Unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters from a 31-character
 * alphabet (digits and capitals without I, O, S, V, Z), the last a check character over the first 17.
 *   1    registration authority (1 机构编制, 5 民政, 9 工商/市场监管, Y 其他 …)
 *   2    organisation type within it
 *   3–8  administrative division code of the registering authority
 *   9–17 organisation code (GB 11714)
 *   18   check character
 * The organisation code's own check character is not verified: codes issued to some registrants
 * (individual businesses among them) do not satisfy it, and the standard only requires the 18th.
 */
export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export type CreditCodeProblem =
  | 'LENGTH'
  | 'CHARACTER'
  | 'REGION'
  | 'CHECK_CHARACTER';

export function creditCodeCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_CODE_ALPHABET.indexOf(first17[i]) * WEIGHTS[i];
  return CREDIT_CODE_ALPHABET[(31 - (sum % 31)) % 31];
}

/** The first problem found, or undefined when the code is valid. Input is taken as given: no trimming, no case folding. */
export function creditCodeProblem(code: string): CreditCodeProblem | undefined {
  if (code.length !== 18) return 'LENGTH';
  for (const ch of code) if (!CREDIT_CODE_ALPHABET.includes(ch)) return 'CHARACTER';
  if (!/^\d{6}$/.test(code.slice(2, 8))) return 'REGION';
  if (creditCodeCheckCharacter(code.slice(0, 17)) !== code[17]) return 'CHECK_CHARACTER';
  return undefined;
}

export const CREDIT_CODE_MESSAGES: Record<CreditCodeProblem, string> = {
  LENGTH: 'must be exactly 18 characters',
  CHARACTER: 'may only use digits and the capitals A–Y without I, O, S, V, Z',
  REGION: 'characters 3–8 must be a six-digit region code',
  CHECK_CHARACTER: 'the check character (18th) does not match',
};

export const isValidCreditCode = (code: string) => creditCodeProblem(code) === undefined;
