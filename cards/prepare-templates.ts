/** Every card template, parsed at start-up so that no person's first click pays for it. */
import decision from './decision.json';
import decisionEdit from './decision-edit.json';
import decisionList from './decision-list.json';
import editLauncher from './edit-launcher.json';
import importResult from './import-result.json';
import reminder from './reminder.json';
import { preparedTemplate } from './expand-template';

export function prepareCardTemplates(): void {
  for (const template of [decision, decisionEdit, decisionList, editLauncher, importResult, reminder])
    preparedTemplate(template);
}
