import { eventually } from './eventually';

/**
 * Reads the mail a Mailpit received, through its HTTP API (`GET /api/v1/search`,
 * `GET /api/v1/message/{ID}`): what the tests check delivery against.
 */
export interface MailpitSummary {
  ID: string;
  MessageID: string;
  From: { Name: string; Address: string };
  To: { Name: string; Address: string }[];
  Cc: { Name: string; Address: string }[] | null;
  Subject: string;
}

export interface MailpitMessage extends MailpitSummary {
  Text: string;
  HTML: string;
}

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

export function mailpitClient(apiUrl: string) {
  return {
    /** Every message whose Message-ID is `messageId` (without its angle brackets): one, unless sent twice. */
    async withMessageId(messageId: string): Promise<MailpitSummary[]> {
      const query = encodeURIComponent(`message-id:${messageId.replace(/^<|>$/g, '')}`);
      return (await getJson<{ messages: MailpitSummary[] }>(`${apiUrl}/api/v1/search?query=${query}&limit=50`)).messages;
    },
    async message(id: string): Promise<MailpitMessage> {
      return getJson<MailpitMessage>(`${apiUrl}/api/v1/message/${id}`);
    },
    /** How many messages this Mailpit holds. */
    async total(): Promise<number> {
      return (await getJson<{ total: number }>(`${apiUrl}/api/v1/messages?limit=1`)).total;
    },
    /** Waits until the message with `messageId` has arrived, and returns it whole. */
    async waitFor(messageId: string): Promise<MailpitMessage> {
      let found: MailpitSummary[] = [];
      await eventually(`Mailpit receives ${messageId}`, async () => (found = await this.withMessageId(messageId)).length > 0, { timeoutMs: 30_000 });
      return this.message(found[0]!.ID);
    },
  };
}
