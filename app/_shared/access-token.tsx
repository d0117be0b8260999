'use client';

import { createContext, useContext, useState } from 'react';
import { TextField } from '@/components/ui/field';

const AccessToken = createContext<{ token: string; setToken: (token: string) => void }>({
  token: '',
  setToken: () => {},
});

/**
 * The access token a reader pasted on the REST API page, for every operation's Try it. It lives in
 * this page's memory only: never stored (no cookie, no storage), never in a URL, never sent to the
 * server except in the `Authorization` header of a request the reader sends; leaving the page
 * forgets it.
 */
export function AccessTokenProvider({ children }: { children: React.ReactNode }) {
  const [token, setToken] = useState('');
  return <AccessToken.Provider value={{ token, setToken }}>{children}</AccessToken.Provider>;
}

export function useAccessToken(): string {
  return useContext(AccessToken).token.trim();
}

export const accessTokenFieldId = 'access-token';

/**
 * The field to paste the token into. Deliberately outside any form: a form submitted before the page's
 * script runs would put its fields in the address (and so in history and server logs).
 */
export function AccessTokenField() {
  const { setToken } = useContext(AccessToken);
  return (
    <TextField
      id={accessTokenFieldId}
      label="Access token"
      type="password"
      autoComplete="off"
      spellCheck={false}
      placeholder="ptc_…"
      width="medium"
      // Uncontrolled on purpose: React mirrors a controlled input's value into its `value`
      // attribute, which would put the token in the page's markup.
      onChange={(event) => setToken(event.target.value)}
      hint="Paste one of your tokens. It stays in this page's memory, is sent only with the requests you send from here, and is forgotten when you leave the page."
    />
  );
}
