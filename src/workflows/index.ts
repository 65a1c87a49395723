export { petitionWorkflow, type PetitionInput } from './petition.workflow';
