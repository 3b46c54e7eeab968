import { defineMessages } from '../i18n/define-messages.ts';

/**
 * What each API error code (packages/server/ERRORS.md, api-error.ts) means to the person at
 * the console. Keys are `error.<CODE>`; describe-api-error.ts picks one.
 */
export const errorMessages = defineMessages({
  en: {
    'error.ERR_UNAUTHENTICATED': 'Your session has ended. Please log in again.',
    'error.ERR_BAD_CREDENTIALS': 'Wrong user name or password.',
    'error.ERR_RATE_LIMITED': 'Too many attempts. Wait a minute and try again.',
    'error.ERR_FORBIDDEN': 'Your role does not allow this.',
    'error.ERR_OUT_OF_SCOPE': 'This belongs to an organisation outside your area.',
    'error.ERR_NOT_FOUND': 'It no longer exists.',
    'error.ERR_VALIDATION': 'Please check the highlighted input.',
    'error.ERR_ILLEGAL_TRANSITION': 'That step is not possible in the current state.',
    'error.ERR_VERSION_CONFLICT':
      'Someone else changed this meanwhile. The latest state is shown; try again.',
    'error.ERR_ALREADY_EXISTS': 'This already exists.',
    'error.ERR_STALE_POSITION': 'The position is too old to use.',
    'error.ERR_POINT_NOT_ON_NETWORK': 'That point is outside the city’s road network.',
    'error.ERR_STORE_UNAVAILABLE': 'The database is unavailable. Nothing was saved; retry shortly.',
    'error.ERR_STORE_BUSY': 'The server is busy. Nothing was saved; retry.',
    'error.ERR_NETWORK': 'No connection to the server. Check the network and retry.',
    'error.ERR_UNEXPECTED_RESPONSE': 'The server gave an unexpected answer.',
    'error.ERR_INTERNAL': 'The server failed. The problem has been logged.',
    'error.ERR_UNITS_ON_SCENE':
      'Units are still on scene. Clear them (or have the responders clear) before closing.',
    'error.ERR_BAD_REQUEST': 'The request was refused as malformed or too long. Shorten the input.',
    'error.http': 'The server answered HTTP {status} in an unexpected form.',
    'error.unknown': 'Something went wrong ({code}).',
  },
  'zh-CN': {
    'error.ERR_UNAUTHENTICATED': '登录已失效，请重新登录。',
    'error.ERR_BAD_CREDENTIALS': '用户名或密码错误。',
    'error.ERR_RATE_LIMITED': '尝试次数过多，请一分钟后再试。',
    'error.ERR_FORBIDDEN': '您的角色无此权限。',
    'error.ERR_OUT_OF_SCOPE': '该对象不在您的管辖范围内。',
    'error.ERR_NOT_FOUND': '该对象已不存在。',
    'error.ERR_VALIDATION': '请检查标出的输入项。',
    'error.ERR_ILLEGAL_TRANSITION': '当前状态下无法执行此操作。',
    'error.ERR_VERSION_CONFLICT': '他人已修改此记录，已显示最新状态，请重试。',
    'error.ERR_ALREADY_EXISTS': '该记录已存在。',
    'error.ERR_STALE_POSITION': '位置信息已过期，无法使用。',
    'error.ERR_POINT_NOT_ON_NETWORK': '该地点不在本市路网范围内。',
    'error.ERR_STORE_UNAVAILABLE': '数据库暂不可用，未保存任何内容，请稍后重试。',
    'error.ERR_STORE_BUSY': '服务器繁忙，未保存任何内容，请重试。',
    'error.ERR_NETWORK': '无法连接服务器，请检查网络后重试。',
    'error.ERR_UNEXPECTED_RESPONSE': '服务器返回了无法识别的响应。',
    'error.ERR_INTERNAL': '服务器出错，已记录日志。',
    'error.ERR_UNITS_ON_SCENE':
      '仍有力量在现场，请先让其处置完毕（或由处警员点“处置完毕”）再办结。',
    'error.ERR_BAD_REQUEST': '请求格式有误或内容过长，请缩短输入后重试。',
    'error.http': '服务器返回了无法识别的响应（HTTP {status}）。',
    'error.unknown': '操作失败（{code}）。',
  },
});
