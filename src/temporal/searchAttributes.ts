// Typed search attributes for ops in the Temporal Web UI. Never personal data: no names, contacts or text.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const PetitionStatus = defineSearchAttributeKey('PetitionStatus', SearchAttributeType.KEYWORD);
export const PetitionClass = defineSearchAttributeKey('PetitionClass', SearchAttributeType.KEYWORD);
export const PetitionUnit = defineSearchAttributeKey('PetitionUnit', SearchAttributeType.KEYWORD);
export const PetitionOfficer = defineSearchAttributeKey('PetitionOfficer', SearchAttributeType.KEYWORD);
export const PetitionEscalationLevel = defineSearchAttributeKey('PetitionEscalationLevel', SearchAttributeType.INT);
export const PetitionNextDeadline = defineSearchAttributeKey('PetitionNextDeadline', SearchAttributeType.DATETIME);
export const PetitionOverdue = defineSearchAttributeKey('PetitionOverdue', SearchAttributeType.BOOL);
/** A running clock's due date counted a year without its State Council arrangement (recomputed when it is loaded). */
export const PetitionProvisionalDeadline = defineSearchAttributeKey('PetitionProvisionalDeadline', SearchAttributeType.BOOL);

export const SEARCH_ATTRIBUTE_KEYS = [
  PetitionStatus, PetitionClass, PetitionUnit, PetitionOfficer,
  PetitionEscalationLevel, PetitionNextDeadline, PetitionOverdue, PetitionProvisionalDeadline,
] as const;

const CLI_TYPES: Record<string, string> = {
  [SearchAttributeType.KEYWORD]: 'Keyword',
  [SearchAttributeType.INT]: 'Int',
  [SearchAttributeType.DATETIME]: 'Datetime',
  [SearchAttributeType.BOOL]: 'Bool',
};

/** `Name=Type` pairs for `temporal server start-dev --search-attribute`. */
export function searchAttributeCliArgs(): string[] {
  return SEARCH_ATTRIBUTE_KEYS.flatMap((k) => ['--search-attribute', `${k.name}=${CLI_TYPES[k.type]}`]);
}
