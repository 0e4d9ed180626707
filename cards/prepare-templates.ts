/**
 * Every card template, parsed once so that no person's first click pays for it (~300 ms in all,
 * most of it the decision card). Run once the server listens: one template per turn of the event
 * loop, so the bot answers meanwhile, and a template a request needs before its turn is parsed
 * for that request (expand-template.ts keeps each parsed template).
 */
import decision from './decision.json';
import decisionEdit from './decision-edit.json';
import decisionList from './decision-list.json';
import editLauncher from './edit-launcher.json';
import importResult from './import-result.json';
import reminder from './reminder.json';
import { preparedTemplate } from './expand-template';

export async function prepareCardTemplates(): Promise<void> {
  for (const template of [decision, decisionEdit, decisionList, editLauncher, importResult, reminder]) {
    await new Promise((resolve) => setImmediate(resolve));
    preparedTemplate(template);
  }
}
