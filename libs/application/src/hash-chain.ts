// The chain hash lives in the domain (pure, and the auditor's workers need it without the application).
export { chainHash, storedHash } from '@setia/domain';
