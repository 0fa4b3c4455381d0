'use strict';
/**
 * Loaded into the worker process by bench/post-lifecycle.bench.ts with `--db-profile`
 * (`--require`), never by the product. It turns on the MongoDB driver's command monitoring for
 * every connection Mongoose opens, and sums, per command, collection and shape of filter (its keys,
 * never its values), how many ran and how long they took as the driver saw them: the table that
 * shows which query FerretDB spends its time on. Written to DATABASE_COMMAND_PROFILE_FILE every
 * two seconds and at exit.
 */
const workerThreads = require('node:worker_threads');

if (workerThreads.isMainThread) {
  const fs = require('node:fs');
  const file = process.env.DATABASE_COMMAND_PROFILE_FILE;
  if (!file) throw new Error('DATABASE_COMMAND_PROFILE_FILE is not set: the profile is loaded by bench/post-lifecycle.bench.ts');
  const mongoose = require('mongoose');

  /** `{ _id, delivery.state }`: the keys of a filter, and the operators under them. */
  const shapeOf = (filter) =>
    filter && typeof filter === 'object' && !Array.isArray(filter)
      ? `{${Object.keys(filter).sort().map((key) => (key.startsWith('$') ? `${key}:${shapeOf(filter[key])}` : key)).join(',')}}`
      : '';
  const filtersOf = (command) =>
    command.filter ? shapeOf(command.filter)
    : command.updates ? [...new Set(command.updates.map((u) => shapeOf(u.q)))].join('|')
    : command.deletes ? [...new Set(command.deletes.map((d) => shapeOf(d.q)))].join('|')
    : command.query ? shapeOf(command.query)
    : '';

  const totals = {};
  const started = new Map();
  const openConnection = mongoose.createConnection.bind(mongoose);
  mongoose.createConnection = (uri, options = {}) => {
    const connection = openConnection(uri, { ...options, monitorCommands: true });
    connection.asPromise().then(
      () => {
        const client = connection.getClient();
        client.on('commandStarted', (event) => {
          const { command, commandName } = event;
          started.set(event.requestId, `${commandName} ${command[commandName]} ${filtersOf(command)}`.trim());
        });
        const ended = (event) => {
          const key = started.get(event.requestId);
          if (!key) return;
          started.delete(event.requestId);
          const total = (totals[key] ??= { count: 0, ms: 0 });
          total.count += 1;
          total.ms += event.duration;
        };
        client.on('commandSucceeded', ended);
        client.on('commandFailed', ended);
      },
      () => {},
    );
    return connection;
  };

  const write = () => fs.writeFileSync(file, JSON.stringify(totals));
  setInterval(write, 2_000).unref();
  process.on('exit', write);
}
