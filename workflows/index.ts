export { postLifecycleWorkflow } from './post-lifecycle.workflow';
export { notificationResendWorkflow } from './notification-resend.workflow';
