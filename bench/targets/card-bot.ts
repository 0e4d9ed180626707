/**
 * Baseline: the Bot Framework I/O a tick cannot avoid, and nothing else. A bare botbuilder
 * CloudAdapter bot on restify, without authentication, that answers every Action.Execute invoke
 * with a decision card of the product's size (rendered once at start-up) and then, after the turn,
 * PUTs that card over the message the button was on through the connector, as the product updates
 * the shared card. No routing, no store, no rendering per request.
 */
import restify from 'restify';
import {
  ActivityTypes,
  CardFactory,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  MessageFactory,
  TurnContext,
  type ConfigurationBotFrameworkAuthenticationOptions,
} from 'botbuilder';
import { decisionCard } from '../../cards/decision-card';
import { loadProfile } from '../../app/profile-loader';
import { registerRecord, roleAssignments } from '../register';

const profile = loadProfile();
const card = decisionCard({
  decision: registerRecord(0, profile, 'http://127.0.0.1:1/').decision,
  profile,
  holders: roleAssignments(profile, '2024-01-01T00:00:00.000Z'),
  viewer: null,
});

const adapter = new CloudAdapter(
  new ConfigurationBotFrameworkAuthentication({} as ConfigurationBotFrameworkAuthenticationOptions),
);
const server = restify.createServer({ name: 'card-bot' });
server.use(restify.plugins.bodyParser({ mapParams: false }));
server.post('/api/messages', async (req, res) => {
  await adapter.process(req, res, async (context) => {
    if (context.activity.type !== ActivityTypes.Invoke) return;
    await context.sendActivity({
      type: ActivityTypes.InvokeResponse,
      value: { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card } },
    });
    const reference = TurnContext.getConversationReference(context.activity);
    const messageId = context.activity.replyToId;
    setImmediate(() => {
      void adapter
        .continueConversationAsync('', reference, async (ctx) => {
          await ctx.updateActivity({ ...MessageFactory.attachment(CardFactory.adaptiveCard(card)), id: messageId });
        })
        .catch((e: unknown) => process.stderr.write(`card update failed: ${String(e)}\n`));
    });
  });
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(JSON.stringify({ ready: address.port }) + '\n');
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
