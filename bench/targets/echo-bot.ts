/**
 * Baseline: a bare botbuilder CloudAdapter echo bot, without authentication, on restify like the
 * product: a message is echoed back to the conversation through the connector (serviceUrl);
 * an invoke is answered with 200 in the HTTP reply.
 */
import restify from 'restify';
import {
  ActivityTypes,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
} from 'botbuilder';

const adapter = new CloudAdapter(
  new ConfigurationBotFrameworkAuthentication({} as ConfigurationBotFrameworkAuthenticationOptions),
);
const server = restify.createServer({ name: 'echo-bot' });
server.use(restify.plugins.bodyParser({ mapParams: false }));
server.post('/api/messages', async (req, res) => {
  await adapter.process(req, res, async (context) => {
    if (context.activity.type === ActivityTypes.Message)
      await context.sendActivity(`Echo: ${context.activity.text ?? ''}`);
    else if (context.activity.type === ActivityTypes.Invoke)
      await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body: { echo: true } } });
  });
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(JSON.stringify({ ready: address.port }) + '\n');
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
