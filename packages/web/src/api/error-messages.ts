import { defineMessages } from '../i18n/define-messages.ts';

/**
 * What each API error code (packages/server/ERRORS.md — every code the server can answer with; error-messages.test.ts keeps the two in step — and api-error.ts) means to the person at
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
    'error.ERR_BODY_TOO_LARGE': 'What you sent is too large for the server. Shorten it and retry.',
    'error.ERR_UNSUPPORTED_MEDIA_TYPE':
      'The console sent a request the server cannot read. Reload the page.',
    'error.ERR_ROUTE_NOT_FOUND':
      'The server does not know this request. Reload the page; the server may be newer.',
    'error.ERR_UNAVAILABLE':
      'The server cannot take the connection right now. It retries by itself.',
    'error.ERR_ORIGIN_NOT_ALLOWED':
      'This page may not connect to the server from its address. Open the console from the server’s own address.',
    'error.ERR_REQUEST_TOO_LARGE': 'The input is too long for the server. Shorten it and retry.',
    'error.ERR_SIGNATURE_INVALID': 'The partner’s signature is missing or wrong.',
    'error.ERR_SIGNATURE_EXPIRED':
      'The partner’s signature is too old. Sign again with the current time.',
    'error.ERR_WEBHOOK_REPLAYED': 'This partner event was received before; nothing was changed.',
    'error.ERR_INVALID_COORDINATE': 'That is not a valid map position.',
    'error.ERR_INVALID_ARGUMENT': 'A value is out of range. Check the input and retry.',
    'error.ERR_PROFILE_UNKNOWN': 'This city has no such way of travel.',
    'error.ERR_IDEMPOTENCY_KEY_REUSED':
      'This request collided with an earlier one. Retry; it is sent anew.',
    'error.ERR_STORE_CLOSED': 'The server is shutting down. Nothing was saved; retry in a moment.',
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
    'error.ERR_BODY_TOO_LARGE': '提交的内容过大，请精简后重试。',
    'error.ERR_UNSUPPORTED_MEDIA_TYPE': '服务器无法读取此请求，请刷新页面。',
    'error.ERR_ROUTE_NOT_FOUND': '服务器不支持此请求，请刷新页面（服务器可能已更新）。',
    'error.ERR_UNAVAILABLE': '服务器暂时无法接入连接，系统将自动重试。',
    'error.ERR_ORIGIN_NOT_ALLOWED': '当前网址不允许连接服务器，请从服务器本身的地址打开控制台。',
    'error.ERR_REQUEST_TOO_LARGE': '输入内容过长，请缩短后重试。',
    'error.ERR_SIGNATURE_INVALID': '对接方签名缺失或错误。',
    'error.ERR_SIGNATURE_EXPIRED': '对接方签名已过期，请按当前时间重新签名。',
    'error.ERR_WEBHOOK_REPLAYED': '该对接事件此前已收到，未做任何更改。',
    'error.ERR_INVALID_COORDINATE': '该位置不是有效的地图坐标。',
    'error.ERR_INVALID_ARGUMENT': '有数值超出范围，请检查输入后重试。',
    'error.ERR_PROFILE_UNKNOWN': '本市没有这种出行方式。',
    'error.ERR_IDEMPOTENCY_KEY_REUSED': '此请求与之前的请求冲突，请重试（将作为新请求发送）。',
    'error.ERR_STORE_CLOSED': '服务器正在关闭，未保存任何内容，请稍后重试。',
    'error.http': '服务器返回了无法识别的响应（HTTP {status}）。',
    'error.unknown': '操作失败（{code}）。',
  },
});
