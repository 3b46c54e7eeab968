import { defineMessages } from '../i18n/define-messages.ts';

export const authMessages = defineMessages({
  en: {
    'auth.heading': 'Sign in to the command console',
    'auth.username': 'User name',
    'auth.password': 'Password',
    'auth.submit': 'Sign in',
    'auth.submitting': 'Signing in…',
    'auth.checkingSession': 'Checking your session…',
    'auth.sessionExpired':
      'Your session has ended: it expired, or an administrator signed you out or disabled the account. Sign in again; if that fails, ask your administrator.',
    'auth.loggedOut': 'You have signed out.',
    'auth.notice': 'Authorised personnel only. Every access is recorded.',
    'auth.demo.heading': 'Demo accounts',
    'auth.demo.hint': 'This server runs the demo city. Pick an account to fill in the form.',
    'auth.demo.use': 'Fill in {username} ({role})',
    'auth.demo.role': 'Role',
  },
  'zh-CN': {
    'auth.heading': '登录指挥调度台',
    'auth.username': '用户名',
    'auth.password': '密码',
    'auth.submit': '登录',
    'auth.submitting': '正在登录…',
    'auth.checkingSession': '正在验证登录状态…',
    'auth.sessionExpired':
      '登录已结束：会话已过期，或管理员已将您登出、停用了账号。请重新登录；如无法登录，请联系管理员。',
    'auth.loggedOut': '您已安全退出。',
    'auth.notice': '仅限授权人员使用，所有访问均有记录。',
    'auth.demo.heading': '演示账号',
    'auth.demo.hint': '本服务器运行演示城市。点选账号即可填入。',
    'auth.demo.use': '填入 {username}（{role}）',
    'auth.demo.role': '角色',
  },
});
