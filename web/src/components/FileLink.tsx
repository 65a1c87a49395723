// A link to a file the API serves by GET (an attachment, a printable document, a CSV export). With a cookie
// session it is a plain link: the browser sends the cookie and saves or opens the answer itself. With a
// bearer token (which a link cannot carry) the click fetches the file with the token and hands the browser
// a local copy instead.
import { useState, type ReactNode } from 'react';
import { message } from 'antd';
import { fetchFile } from '../api/client';
import { useSession } from '../auth/session';

interface Props {
  href: string;
  children: ReactNode;
  /** Save under this name (a download) rather than open it. */
  download?: string;
  /** Open in a new tab (a page to print, a PDF). */
  newTab?: boolean;
  className?: string;
  'aria-label'?: string;
  'data-testid'?: string;
}

export function FileLink({ href, children, download, newTab, ...rest }: Props) {
  const { session } = useSession();
  const [busy, setBusy] = useState(false);
  const viaToken = session?.mode === 'bearer';

  async function fetchWithToken(e: React.MouseEvent<HTMLAnchorElement>) {
    if (!viaToken) return;
    e.preventDefault();
    if (busy) return;
    // A window opened before the await keeps the click's permission to open a tab.
    const tab = newTab ? window.open('', '_blank') : null;
    setBusy(true);
    try {
      const url = URL.createObjectURL(await fetchFile(href));
      if (tab) tab.location.href = url;
      else {
        const a = document.createElement('a');
        a.href = url;
        a.download = download ?? '';
        document.body.appendChild(a);
        a.click();
        a.remove();
      }
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (err) {
      tab?.close();
      void message.error((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <a
      href={href}
      download={download}
      target={newTab ? '_blank' : undefined}
      rel={newTab ? 'noopener' : undefined}
      onClick={(e) => void fetchWithToken(e)}
      aria-busy={busy || undefined}
      {...rest}
    >
      {children}
    </a>
  );
}
