/**
 * `npm run mail:preview -- <topic> [role]`: renders the topic's mail on a sample post
 * (mail/preview/sample-mail.ts) exactly as the mail activity does, and writes its HTML and plain
 * text parts to data/mail-preview/<topic>[.<role>].html and .txt, to open in a browser or a mail
 * client. Without a topic, lists the topics.
 */
import fs from 'node:fs';
import path from 'node:path';
import { type NotificationTopic, notificationTopics } from '../domain/lifecycle/post-notification-topics';
import { sampleMail } from '../mail/preview/sample-mail';
import { createMailRenderer } from '../mail/render-mail';
import { toolPaths } from '../runtime/tool-paths';

async function main(): Promise<void> {
  const [topic, role] = process.argv.slice(2).filter((arg) => arg !== '--');
  const topics = Object.keys(notificationTopics).sort();
  if (!topic || !(topic in notificationTopics)) {
    process.stderr.write(`${topic ? `unknown topic ${topic}. ` : ''}Usage: npm run mail:preview -- <topic> [role]\nTopics:\n  ${topics.join('\n  ')}\n`);
    process.exit(topic ? 2 : 0);
  }
  const mail = (await createMailRenderer()).render(sampleMail(topic as NotificationTopic, process.env.PUBLIC_URL, role));
  const outDir = path.join(toolPaths.repoRoot, 'data', 'mail-preview');
  fs.mkdirSync(outDir, { recursive: true });
  const base = path.join(outDir, role ? `${topic}.${role}` : topic);
  fs.writeFileSync(`${base}.html`, mail.html);
  fs.writeFileSync(`${base}.txt`, `Objet : ${mail.subject}\n\n${mail.text}`);
  process.stdout.write(`${mail.subject}\n  ${path.relative(process.cwd(), `${base}.html`)}\n  ${path.relative(process.cwd(), `${base}.txt`)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
