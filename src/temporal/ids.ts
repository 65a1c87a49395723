export const WORKFLOW_ID_PREFIX = 'petition-';
export const workflowIdFor = (petitionId: string): string => `${WORKFLOW_ID_PREFIX}${petitionId}`;
