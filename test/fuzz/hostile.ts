// Text that has broken services before: emoji and combining sequences, right-to-left text and the
// override character, zero-width and control characters, NUL, lone surrogates, SQL, script and
// template injections, path traversal, prototype keys. Values are used as given; keys as object keys.

/** Unicode a petitioner may legitimately write: accepted, stored and returned exactly. */
export const UNICODE_TEXT = [
  '🙂', '👨‍👩‍👧‍👦 family', '🇨🇳🇺🇳', '投诉 🙂 信访', '信访事项', 'ｆｕｌｌｗｉｄｔｈ',
  'العربية', 'עברית', 'שלום עולם 123', 'مرحبا 🙂 hello', 'abc\u202Edcba', '\u202Eevil\u202C.txt',
  'a\u200Bb', 'zero\u200Dwidth\u2060joiner', 'e\u0301 combining', 'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫ', 'аdmin (Cyrillic а)',
  "' OR 1=1 --", '"; DROP TABLE Petition; --', "Robert'); DROP TABLE Students;--", "%' OR '%'='", '1 UNION SELECT tokenHash FROM ApiToken',
  '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', 'javascript:alert(1)', '{{7*7}}', '${7*7}', '<%= 7*7 %>',
  '../../etc/passwd', '..\\..\\windows\\win.ini', 'file:///etc/passwd', '%00', '%s%s%s%n', '\\u0000',
  '__proto__', 'constructor', 'prototype', 'toString', 'NaN', 'Infinity', '1e309', 'null', 'true', '{"a":1}', '[]',
  'a\u0000b', 'tab\tinside', 'line\nbreak', 'x\r\nSet-Cookie: a=b', 'bell\u0007', '\u00A0nbsp\u00A0inside\u3000ideographic',
];

/** Strings that are not text at all: lone surrogates, whitespace only, empty. */
export const BROKEN_TEXT = ['\uD800', '\uDFFF', 'a\uDC00b', '\uDBFF\uDBFF', '', ' ', '   ', '\t\n', '\u3000', '\uFEFF'];

export const HOSTILE_STRINGS = [...UNICODE_TEXT, ...BROKEN_TEXT];

/** Object keys that reach prototypes, or look like operators to a query builder. */
export const HOSTILE_KEYS = [
  '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '$where', '$gt', '$ne', 'where', 'select',
  'include', 'id', 'type', 'actor', 'status', '', ' ', '🙂', 'العربية', "' OR 1=1 --", '<script>', '../x', 'a.b', 'a[b]',
];

/** Path segments as sent on the wire: broken percent-encoding, traversal, encoded slashes and NULs, long. */
export const RAW_PATH_SEGMENTS = [
  '%', '%%', '%E0%A4%A', '%C0%AF', '%C0%80', '%ZZ', '%00', '%0A', '%0D%0A', '%2F', 'a%2Fb', '%2e%2e', '..', '.', '../..',
  '..%2F..%2Fetc%2Fpasswd', '%2e%2e%2f%2e%2e%2fetc%2fpasswd', '%252F', '%F0%9F%99%82', '%D8%A7%D9%84', '%E2%80%AE',
  '%27%20OR%201%3D1%20--', '%3Cscript%3Ealert(1)%3C%2Fscript%3E', '%EF%BF%BF', '%ED%A0%80', ';', ';a=b', '*', '$', '~',
  'x'.repeat(65), 'x'.repeat(2000), '',
];

/** Authorization headers that are not a valid bearer token (latin-1 only: HTTP headers carry bytes). */
export const GARBAGE_AUTHORIZATION = [
  'Bearer', 'Bearer ', 'Bearer  ', 'Basic dXNlcjpwYXNz', 'Basic', 'Token abc', 'bearer', 'Bearer a b', 'Bearer\tx y',
  "Bearer ' OR 1=1 --", "Bearer 'OR'1'='1", 'Bearer "; DROP TABLE ApiToken; --', 'Bearer <script>', 'Bearer ../../etc/passwd',
  'Bearer null', 'Bearer undefined', 'Bearer demo-admin-token-x', 'Bearer DEMO-ADMIN-TOKEN', 'Bearer é', 'Bearer ÿÿÿÿ',
  'Bearer %00', 'Bearer ' + 'A'.repeat(4000), 'Bearer Bearer demo-admin-token', 'Bearer demo-admin-token, Bearer x', 'Digest username="x"',
];
