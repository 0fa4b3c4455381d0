export { postLifecycleWorkflow } from './post-lifecycle.workflow';
