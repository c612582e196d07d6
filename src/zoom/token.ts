// The chatbot token a run uses: one given as is, or one minted that may be minted once more.

/** Where calls get their token, and a fresh one after a 401. */
export interface TokenSource {
  current(): string;
  /** After a 401 for `stale`: a token worth one more try, or undefined (given, or already minted again). */
  renew(stale: string): Promise<string | undefined>;
  /** Whether a 401 can be answered by minting. */
  readonly renewable: boolean;
}

/** A token given in the `token` input: a 401 is final. */
export function givenToken(token: string): TokenSource {
  return { current: () => token, renew: async () => undefined, renewable: false };
}

/** A minted token: a 401 mints once more, shared by the calls refused meanwhile; a 401 after it is final. */
export function mintedToken(first: string, mint: () => Promise<string>): TokenSource {
  let token = first;
  let minting: Promise<string> | undefined;
  let minted = false;
  return {
    current: () => token,
    renew(stale) {
      if (stale !== token) return Promise.resolve(token);
      if (minting) return minting;
      if (minted) return Promise.resolve(undefined);
      minted = true;
      minting = mint().then((fresh) => {
        token = fresh;
        minting = undefined;
        return fresh;
      });
      return minting;
    },
    renewable: true,
  };
}
