// The nonce the API put into this page load's CSP header and <meta name="csp-nonce">.
export function cspNonce(): string | undefined {
  const v = document.querySelector('meta[name="csp-nonce"]')?.getAttribute('content');
  return v && !v.startsWith('__') ? v : undefined;
}

/**
 * Ant Design passes the nonce to its CSS-in-JS (ConfigProvider csp), but a few helpers in its dependencies
 * insert a <style> without it (the scrollbar-width measurement of tables). Every <style> this page's own
 * code inserts gets the nonce, so the CSP can stay without 'unsafe-inline': any script here could read
 * the nonce anyway, and only scripts from this origin run (script-src 'self').
 */
export function nonceDynamicStyles(nonce: string | undefined): void {
  if (!nonce) return;
  const tag = (n: unknown) => {
    if (n instanceof HTMLStyleElement && !n.nonce) n.nonce = nonce;
  };
  const append = Node.prototype.appendChild;
  const insert = Node.prototype.insertBefore;
  Node.prototype.appendChild = function <T extends Node>(this: Node, node: T): T { tag(node); return append.call(this, node) as T; };
  Node.prototype.insertBefore = function <T extends Node>(this: Node, node: T, child: Node | null): T { tag(node); return insert.call(this, node, child) as T; };
}
