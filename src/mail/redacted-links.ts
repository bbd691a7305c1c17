/**
 * SPEC §11: nothing that lets someone in is stored in clear. E-mails that carry a sign-in link
 * or an organiser's quote link are rendered and logged with a placeholder instead of the token;
 * the token is minted when the e-mail is handed to SMTP (see link-minting.ts), and exists only
 * in that message. The mail log, /hub/mail and a database dump hold the redacted copy.
 */
export const SIGN_IN_PLACEHOLDER = 'SIGN-IN-LINK-REDACTED';
export const QUOTE_PLACEHOLDER = 'QUOTE-LINK-REDACTED';

export const signInLinkUrl = (publicUrl: string) => `${publicUrl}/auth/link/${SIGN_IN_PLACEHOLDER}`;
export const quoteLinkUrl = (publicUrl: string) => `${publicUrl}/q/${QUOTE_PLACEHOLDER}`;
/** SPEC §9.7: the survey's links, `/survey/<token>/<score>`; one token per e-mail. */
export const SURVEY_PLACEHOLDER = 'SURVEY-LINK-REDACTED';
export const surveyLinkUrl = (publicUrl: string) => `${publicUrl}/survey/${SURVEY_PLACEHOLDER}`;

/** SPEC §9.2: a supplier's one-click availability links; the request id tells the minting which request. */
export const AVAILABILITY_PLACEHOLDER = 'AVAILABILITY-LINK-REDACTED';
export const availabilityLinkUrl = (publicUrl: string, requestId: number) => `${publicUrl}/a/${AVAILABILITY_PLACEHOLDER}-${requestId}`;
const AVAILABILITY_LINK = new RegExp(`/a/${AVAILABILITY_PLACEHOLDER}-(\\d+)`, 'g');

export interface MintedTokens {
  signIn?: string;
  quote?: string;
  survey?: string;
  /** Request id → token. */
  availability?: Record<number, string>;
}

/** The availability requests whose links an e-mail carries. */
export function availabilityRequestIdsIn(...bodies: string[]): number[] {
  const ids = new Set<number>();
  for (const b of bodies) for (const m of b.matchAll(AVAILABILITY_LINK)) ids.add(Number(m[1]));
  return [...ids];
}

export function linksIn(...bodies: string[]): { signIn: boolean; quote: boolean; survey: boolean } {
  return {
    signIn: bodies.some((b) => b.includes(`/auth/link/${SIGN_IN_PLACEHOLDER}`)),
    quote: bodies.some((b) => b.includes(`/q/${QUOTE_PLACEHOLDER}`)),
    survey: bodies.some((b) => b.includes(`/survey/${SURVEY_PLACEHOLDER}`)),
  };
}

/** The message as sent: each placeholder replaced by its token (tokens are URL-safe base64). */
export function fillLinks(body: string, tokens: MintedTokens): string {
  let out = body;
  if (tokens.signIn) out = out.split(`/auth/link/${SIGN_IN_PLACEHOLDER}`).join(`/auth/link/${tokens.signIn}`);
  if (tokens.quote) out = out.split(`/q/${QUOTE_PLACEHOLDER}`).join(`/q/${tokens.quote}`);
  if (tokens.availability) {
    const minted = tokens.availability;
    out = out.replace(AVAILABILITY_LINK, (whole, id: string) => (minted[Number(id)] ? `/a/${minted[Number(id)]}` : whole));
  }
  if (tokens.survey) out = out.split(`/survey/${SURVEY_PLACEHOLDER}`).join(`/survey/${tokens.survey}`);
  return out;
}

/**
 * Free text echoed to an address nobody has verified (the acknowledgement) carries no link:
 * anything a mail client would turn into one (a scheme, www., a domain name) is replaced, so
 * the public form cannot be used to send someone a link in our name.
 */
export function withoutLinks(text: string): string {
  return text.replace(/\b[a-z][a-z0-9+.-]*:\/\/\S*|\bwww\.\S*|\b(?:[a-z0-9-]+\.)+[a-z]{2,}\b(?:\/\S*)?/gi, '[…]');
}
