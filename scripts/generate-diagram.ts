import fs from 'node:fs';
import path from 'node:path';
import { postLifecycleDiagramDocument } from './post-lifecycle-diagram';

export const diagramPath = path.resolve(__dirname, '..', 'docs', 'post-lifecycle.md');

if (require.main === module) {
  fs.mkdirSync(path.dirname(diagramPath), { recursive: true });
  fs.writeFileSync(diagramPath, postLifecycleDiagramDocument());
  process.stdout.write(`wrote ${path.relative(process.cwd(), diagramPath)}\n`);
}
