/** Every card template, parsed at start-up so that no person's first click pays for it. */
import decision from '../../cards/decision.json';
import decisionEdit from '../../cards/decision-edit.json';
import decisionList from '../../cards/decision-list.json';
import importResult from '../../cards/import-result.json';
import reminder from '../../cards/reminder.json';
import { preparedTemplate } from './expand-template';

export function prepareCardTemplates(): void {
  for (const template of [decision, decisionEdit, decisionList, importResult, reminder]) preparedTemplate(template);
}
