// The demo district's accounts; shown on the login page only in demo mode. Kept in auth, which
// serves that page, so that auth does not import the demo seeding (which imports auth).
export const DEMO_PASSWORD = 'Demo@12345';

export const demoAccounts = [
  { username: 'demo.bureau', password: DEMO_PASSWORD, description: '局安全管理员（示范区教育局）' },
  { username: 'demo.leader', password: DEMO_PASSWORD, description: '局领导' },
  { username: 'demo.dept', password: DEMO_PASSWORD, description: '安全管理中心 科室人员' },
  { username: 'demo.town', password: DEMO_PASSWORD, description: '镇街人员（东湖街道）' },
  { username: 'demo.school', password: DEMO_PASSWORD, description: '学校安全员（示范区实验小学）' },
  { username: 'demo.kg', password: DEMO_PASSWORD, description: '学校安全员（示范区第一幼儿园）' },
  { username: 'demo.principal', password: DEMO_PASSWORD, description: '校长（示范区实验小学）' },
  { username: 'demo.inspector', password: DEMO_PASSWORD, description: '检查人员（督导安全中心）' },
  { username: 'demo.care', password: DEMO_PASSWORD, description: '关爱专干（示范区实验小学，校长指定）' },
  { username: 'demo.carer', password: DEMO_PASSWORD, description: '包靠教师（示范区实验小学）' },
  { username: 'demo.guard', password: DEMO_PASSWORD, description: '门卫保安（示范区实验小学）' },
  { username: 'demo.lab', password: DEMO_PASSWORD, description: '实验员（东湖中学）' },
];
