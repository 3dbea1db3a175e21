/**
 * The password policy (MLPS level 3 asks for "complexity requirements and periodic change" of
 * passwords; the rules follow NIST SP 800-63B where they differ: length first, a list of known
 * passwords instead of ever-stricter composition rules):
 * - at least 10 characters (and at most 128, so hashing stays bounded);
 * - at least 3 of the 4 classes: upper case, lower case, digits, symbols (any other character,
 *   Chinese included, counts as a symbol);
 * - it does not contain the username;
 * - it is not one of the commonly used passwords below (the demo password included).
 * Pure: returns the messages a user reads, empty when the password is acceptable.
 */
import { format, t } from "@/lib/i18n";

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 128;

// Lower-cased. The most common passwords of Chinese leak lists and the usual keyboard walks of 10+
// characters (shorter ones fail on length already), and this project's own demo password.
const COMMON = new Set([
  "demo1234", "demo123456", "1234567890", "0123456789", "12345678910", "1234567890a", "a1234567890",
  "qwertyuiop", "1qaz2wsx3edc", "1q2w3e4r5t", "qwerty12345", "qwe1234567", "asdfghjkl1",
  "password123", "password1!", "p@ssw0rd123", "passw0rd!!", "admin12345", "admin@1234", "admin123456",
  "abc1234567", "abcd123456", "aa12345678", "aa123456789", "woaini1314", "woaini521!",
  "iloveyou12", "1314520520", "5201314520", "zxcvbnm123", "qazwsxedc1", "123qwe!@#", "1qaz@wsx#edc",
  "nuanxin123", "nuanxin@123", "nuanxin1234", "abc@123456", "abc123!@#", "p@ssword123", "welcome123",
]);

export function passwordProblems(password: string, username: string): string[] {
  const a = t.account;
  const problems: string[] = [];
  if (/[\u0000-\u001f\u007f]/.test(password)) problems.push(a.policyControl);
  if ([...password].length < PASSWORD_MIN) problems.push(format(a.policyTooShort, { min: PASSWORD_MIN }));
  if ([...password].length > PASSWORD_MAX) problems.push(format(a.policyTooLong, { max: PASSWORD_MAX }));
  const classes = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) problems.push(a.policyClasses);
  const lower = password.toLowerCase();
  if (username && lower.includes(username.toLowerCase())) problems.push(a.policyUsername);
  if (COMMON.has(lower)) problems.push(a.policyCommon);
  return problems;
}
