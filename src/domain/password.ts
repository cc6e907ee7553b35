// Password policy (等保 2.0 level 3, identity authentication): at least 8 characters drawn from at
// least 3 of the four classes upper, lower, digit, symbol, and not the username. Issue 11 item 7:
// and not one of the commonest passwords, nor a common word or the username with digits and
// symbols around it (Password1, Admin@123, Zhangsan@2024), nor one of the last PASSWORD_HISTORY.
export const PASSWORD_MIN_LENGTH = 8;
/** How many recent passwords, the current one included, a new password may not repeat. */
export const PASSWORD_HISTORY = 5;

// A short curated list rather than a package: this rule also runs in the browser (src/web/forms.ts),
// where a 30,000-entry dictionary such as zxcvbn's would weigh more than the page, and the lists in
// small npm packages are English-only. These are the entries of the published top-password lists
// (SplashData, NordPass, the 2011 CSDN leak) that can pass the class rule above, with the
// Chinese-specific ones (pinyin words, 5201314, keyboard walks) that the English lists miss.
const COMMON_PASSWORDS = new Set([
  '1qaz2wsx', '1qaz@wsx', '1qaz!qaz', '1qaz@wsx#edc', '1qazxsw2', '2wsx3edc', 'qaz2wsx3', 'zaq12wsx', 'zaq1@wsx', '!qaz2wsx',
  '1q2w3e4r', '1q2w3e4r5t', '1q2w3e4r!', 'q1w2e3r4', 'q1w2e3r4t5', 'a1b2c3d4', 'a1s2d3f4', 'qwe123!@#', 'qwe!@#123', 'qwer!@#$',
  'aa123456', 'a123456789', 'a1234567', 'aa112233', 'qq123456', 'qq5201314', 'wang1234', 'abc12345', 'abc123456', 'abcd1234',
  'abcd@1234', 'abc@1234', 'abc@123', 'a12345678', 'a123456.', 'p@ssw0rd', 'p@ssword', 'passw0rd', 'pa$$w0rd', 'p@55w0rd',
  'p@ssw0rd1', 'p@ssw0rd123', 'woaini1314', 'woaini520', '5201314a', 'a5201314', 'iloveyou1', 'zxc123456', 'zxcvbnm1', 'asd123456',
  'qwe123456', 'qweasdzxc', 'qweasd123', '1234qwer', '123qwe!@#', '123456aa', '123456abc', '123456qq', 'asdf1234', 'zxcv1234',
]);

// Base words that people dress up with capitals, digits and symbols; with the username, they are
// refused once those are stripped (Password1 → password). Pinyin: 我爱你, 密码, 我的密码, 学校,
// 老师, 安全, 中国, 北京, 上海.
const COMMON_WORDS = new Set([
  'password', 'passwd', 'pass', 'pwd', 'admin', 'administrator', 'root', 'user', 'login', 'welcome', 'test', 'guest', 'default',
  'qwerty', 'qwer', 'qwert', 'asdf', 'asdfgh', 'zxcv', 'zxcvb', 'zxcvbnm', 'qazwsx', 'qweasd', 'abc', 'abcd', 'abcde', 'aa', 'a',
  'iloveyou', 'love', 'letmein', 'monkey', 'dragon', 'master', 'sunshine', 'princess', 'football', 'baseball', 'superman', 'batman',
  'shadow', 'michael', 'hello', 'secret', 'changeme', 'trustno', 'system', 'server', 'huawei', 'sangfor',
  // The demo's password is printed in the README: nobody should pick it for a real account.
  'demo',
  'woaini', 'mima', 'wodemima', 'xuexiao', 'laoshi', 'anquan', 'anxiao', 'zhongguo', 'china', 'beijing', 'shanghai',
]);

// Symbols read as letters (p@ssw0rd → password), applied to the letters left after the ends are stripped.
const LEET: Record<string, string> = { '@': 'a', '4': 'a', '0': 'o', '1': 'i', '!': 'i', '3': 'e', '$': 's', '5': 's', '7': 't', '+': 't' };

/** The letters a password is built on once the digits and symbols at both ends are stripped and look-alikes read back. */
function baseWord(password: string): string {
  const core = password.toLowerCase().replace(/^[^a-z]+|[^a-z]+$/g, '');
  return [...core].map((c) => LEET[c] ?? c).join('').replace(/[^a-z]/g, '');
}

export function passwordProblems(password: string, username: string): string[] {
  const problems: string[] = [];
  if (password.length < PASSWORD_MIN_LENGTH) problems.push(`密码至少 ${PASSWORD_MIN_LENGTH} 位`);
  const classes = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) problems.push('密码须包含大写字母、小写字母、数字、符号中的至少三类');
  if (username && password.toLowerCase() === username.toLowerCase()) problems.push('密码不能与用户名相同');
  const base = baseWord(password);
  const userBase = username.toLowerCase().replace(/[^a-z]/g, '');
  if (COMMON_PASSWORDS.has(password.toLowerCase()) || COMMON_WORDS.has(base)) {
    problems.push('密码过于常见（如 Password1、Admin@123），请换一个不易猜到的密码');
  } else if (userBase && base === userBase && password.toLowerCase() !== username.toLowerCase()) {
    problems.push('密码不能由用户名加数字或符号组成');
  }
  return problems;
}

/** The history kept after a change away from currentHash: newest first, PASSWORD_HISTORY - 1 earlier ones. */
export function nextPasswordHistory(currentHash: string | null, history: readonly string[]): string[] {
  return (currentHash ? [currentHash, ...history] : [...history]).slice(0, PASSWORD_HISTORY - 1);
}

const alphabet = {
  upper: 'ABCDEFGHJKLMNPQRSTUVWXYZ',
  lower: 'abcdefghijkmnopqrstuvwxyz',
  digit: '23456789',
  symbol: '@#%+=?',
};

/** A one-time password that meets the policy, from the random source given (crypto in production). */
export function generatePassword(randomInt: (max: number) => number, length = 12): string {
  for (;;) {
    const p = randomPassword(randomInt, length);
    // The classes are met by construction; a draw that spells a common word is drawn again.
    if (passwordProblems(p, '').length === 0) return p;
  }
}

function randomPassword(randomInt: (max: number) => number, length: number): string {
  const all = Object.values(alphabet).join('');
  const chars = Object.values(alphabet).map((set) => set[randomInt(set.length)]);
  while (chars.length < length) chars.push(all[randomInt(all.length)]);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}
