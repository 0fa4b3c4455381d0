import fs from 'node:fs';
import { diagramPath } from '../../../scripts/generate-diagram';
import { postLifecycleDiagramDocument, postLifecycleMermaid } from '../../../scripts/post-lifecycle-diagram';

describe('the committed state diagram', () => {
  it('matches the machine (run `npm run diagram` after changing it)', () => {
    expect(fs.readFileSync(diagramPath, 'utf8')).toBe(postLifecycleDiagramDocument());
  });

  it('draws the rules as guards and the ends as final states', () => {
    const mermaid = postLifecycleMermaid();
    expect(mermaid).toContain('programme_staffing_onboarding --> programme_staffing_inTraining : START_TRAINING [contractSignedBeforeTraining & positioningSetsATrainingPath]');
    expect(mermaid).toContain('rejected --> [*]');
    expect(mermaid).toContain('committee --> programme : COMMITTEE_DECISION [committeeValidated]');
  });
});
