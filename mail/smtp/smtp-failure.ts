/**
 * Whether an SMTP failure is the row's or the moment's (RFC 5321 §4.2.1): a 5xx answer to the
 * envelope or the message refuses this mail for good (« 550 mailbox unavailable »), and the row
 * becomes `failed` with the server's words; anything else (4xx, a server away, a timeout, a TLS or
 * authentication problem, which the operators fix) is retried.
 */
export interface SmtpFailure {
  permanent: boolean;
  reason: string;
}

interface NodemailerError {
  code?: string;
  responseCode?: number;
  response?: string;
  message?: string;
  rejectedErrors?: { recipient?: string; response?: string; message?: string }[];
}

export function classifySmtpFailure(error: unknown): SmtpFailure {
  const e = (typeof error === 'object' && error ? error : { message: String(error) }) as NodemailerError;
  const permanent = (e.code === 'EENVELOPE' || e.code === 'EMESSAGE') && typeof e.responseCode === 'number' && e.responseCode >= 500 && e.responseCode < 600;
  const perRecipient = (e.rejectedErrors ?? []).map((r) => `${r.recipient ?? '?'} : ${(r.response ?? r.message ?? '').trim()}`);
  const reason = perRecipient.length > 0 ? perRecipient.join(' ; ') : (e.response ?? e.message ?? String(error)).trim();
  return { permanent, reason: reason.slice(0, 1000) };
}
