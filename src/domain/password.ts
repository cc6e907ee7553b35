// Password policy (等保 2.0 level 3, identity authentication): at least 8 characters drawn from at
// least 3 of the four classes upper, lower, digit, symbol, and not the username.
export const PASSWORD_MIN_LENGTH = 8;

export function passwordProblems(password: string, username: string): string[] {
  const problems: string[] = [];
  if (password.length < PASSWORD_MIN_LENGTH) problems.push(`密码至少 ${PASSWORD_MIN_LENGTH} 位`);
  const classes = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) problems.push('密码须包含大写字母、小写字母、数字、符号中的至少三类');
  if (username && password.toLowerCase() === username.toLowerCase()) problems.push('密码不能与用户名相同');
  return problems;
}

const alphabet = {
  upper: 'ABCDEFGHJKLMNPQRSTUVWXYZ',
  lower: 'abcdefghijkmnopqrstuvwxyz',
  digit: '23456789',
  symbol: '@#%+=?',
};

/** A one-time password that meets the policy, from the random source given (crypto in production). */
export function generatePassword(randomInt: (max: number) => number, length = 12): string {
  const all = Object.values(alphabet).join('');
  const chars = Object.values(alphabet).map((set) => set[randomInt(set.length)]);
  while (chars.length < length) chars.push(all[randomInt(all.length)]);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}
