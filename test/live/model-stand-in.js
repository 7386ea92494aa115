'use strict';

/**
 * A small OpenAI-compatible chat model for tests and the demo (dev only, never published): it
 * answers `POST /v1/chat/completions` (and `/chat/completions`) the way a model that buys phone
 * numbers with the Phone Number tools would, so n8n's AI Agent can run without a real model.
 *
 * Each answer follows from the conversation it is sent, so it works for any number of chats:
 *   1. no tool result yet → a call of the search tool (the tool whose name or description says
 *      "search"), the area code (3 digits) taken from the user's last message, default 415, put
 *      into the one parameter whose name or description mentions an area code;
 *   2. a search result, no purchase yet → a call of the purchase tool with the first number of
 *      the search result, put into its one parameter that mentions a phone number;
 *   3. a purchase result → a final message naming the bought number.
 * A tool it cannot fill (no such tool or parameter) gets a 400 that says why, so a test fails
 * with that reason. Every request body is kept in `requests` (and at GET /__model/requests).
 *
 *   const { createModelStandIn } = require('./model-stand-in');
 *   const model = createModelStandIn();
 *   const baseUrl = await model.listen(); // http://127.0.0.1:PORT/v1 → the OpenAI credential's Base URL
 *
 *   node test/live/model-stand-in.js --port 8788
 */
const http = require('node:http');

const NUMBER = /\+?\d[\d\s().-]{7,}\d/;

function toolNamed(tools, pattern) {
	return (tools ?? []).map((t) => t.function ?? t).find((t) => pattern.test(`${t.name} ${t.description ?? ''}`));
}

/** The parameter of `tool` whose name or description matches `pattern`. */
function parameterOf(tool, pattern) {
	const properties = tool.parameters?.properties ?? {};
	return Object.keys(properties).find((key) => pattern.test(`${key} ${properties[key].description ?? ''}`));
}

function text(content) {
	if (typeof content === 'string') return content;
	if (Array.isArray(content)) return content.map((part) => part.text ?? '').join('');
	return '';
}

/** The first phone number in a tool's answer (JSON from n8n, or text). */
function firstNumber(content) {
	const body = text(content);
	const match = /"number"\s*:\s*"([^"]+)"/.exec(body) ?? NUMBER.exec(body);
	return match ? (match[1] ?? match[0]).trim() : undefined;
}

class ModelRefusal extends Error {}

/** The next assistant message for a chat completion request body. */
function nextMessage(body) {
	const messages = body.messages ?? [];
	const calls = new Map(); // tool_call_id → tool name
	for (const message of messages) for (const call of message.tool_calls ?? []) calls.set(call.id, call.function.name);
	const results = messages.filter((m) => m.role === 'tool').map((m) => ({ tool: calls.get(m.tool_call_id), content: m.content }));
	const search = toolNamed(body.tools, /search/i);
	const purchase = toolNamed(body.tools, /purchase|buy/i);
	const bought = purchase && results.find((r) => r.tool === purchase.name);
	const found = search && results.find((r) => r.tool === search.name);

	if (bought) {
		const number = firstNumber(bought.content);
		return { role: 'assistant', content: number ? `Done: I bought ${number} for you.` : `The purchase tool answered: ${text(bought.content)}` };
	}
	if (found) {
		if (!purchase) throw new ModelRefusal('no tool to purchase a number (a tool whose name or description says "purchase" or "buy")');
		const key = parameterOf(purchase, /phone|number/i);
		if (!key) throw new ModelRefusal(`the tool "${purchase.name}" has no parameter that mentions a phone number`);
		const number = firstNumber(found.content);
		if (!number) return { role: 'assistant', content: `No number is available: ${text(found.content)}` };
		return toolCall(purchase.name, { [key]: number });
	}
	if (!search) throw new ModelRefusal('no tool to search for numbers (a tool whose name or description says "search")');
	const key = parameterOf(search, /area/i);
	if (!key) throw new ModelRefusal(`the tool "${search.name}" has no parameter that mentions an area code`);
	const user = [...messages].reverse().find((m) => m.role === 'user');
	const areaCode = /\b(\d{3})\b/.exec(text(user?.content))?.[1] ?? '415';
	return toolCall(search.name, { [key]: areaCode });
}

let callSeq = 0;
function toolCall(name, args) {
	callSeq += 1;
	return {
		role: 'assistant',
		content: null,
		tool_calls: [{ id: `call_${callSeq}`, type: 'function', function: { name, arguments: JSON.stringify(args) } }],
	};
}

function completion(body, message) {
	return {
		id: `chatcmpl-standin-${Date.now()}`,
		object: 'chat.completion',
		created: Math.floor(Date.now() / 1000),
		model: body.model ?? 'stand-in',
		choices: [{ index: 0, message, logprobs: null, finish_reason: message.tool_calls ? 'tool_calls' : 'stop' }],
		usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
	};
}

/** The same answer as server-sent events, for clients that ask for `stream: true`. */
function streamed(body, message) {
	const base = { id: `chatcmpl-standin-${Date.now()}`, object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model: body.model ?? 'stand-in' };
	const delta = message.tool_calls
		? { role: 'assistant', content: null, tool_calls: message.tool_calls.map((call, index) => ({ index, ...call })) }
		: { role: 'assistant', content: message.content };
	const chunks = [
		{ ...base, choices: [{ index: 0, delta, finish_reason: null }] },
		{ ...base, choices: [{ index: 0, delta: {}, finish_reason: message.tool_calls ? 'tool_calls' : 'stop' }], usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 } },
	];
	return `${chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`).join('')}data: [DONE]\n\n`;
}

function createModelStandIn({ log = () => undefined } = {}) {
	const requests = [];
	const server = http.createServer((req, res) => {
		let raw = '';
		req.setEncoding('utf8');
		req.on('data', (chunk) => (raw += chunk));
		req.on('end', () => {
			const url = new URL(req.url, 'http://stand-in');
			const send = (status, payload, type = 'application/json') => {
				res.writeHead(status, { 'Content-Type': type });
				res.end(typeof payload === 'string' ? payload : JSON.stringify(payload));
			};
			if (req.method === 'GET' && url.pathname === '/__model/requests') return send(200, requests);
			if (req.method === 'GET' && /\/models$/.test(url.pathname)) return send(200, { object: 'list', data: [{ id: 'stand-in', object: 'model', owned_by: 'tests' }] });
			if (req.method !== 'POST' || !/\/chat\/completions$/.test(url.pathname)) {
				return send(404, { error: { message: `The model stand-in does not serve ${req.method} ${url.pathname}`, type: 'invalid_request_error' } });
			}
			let body;
			try {
				body = JSON.parse(raw);
			} catch {
				return send(400, { error: { message: 'The body is not JSON', type: 'invalid_request_error' } });
			}
			requests.push({ path: url.pathname, headers: req.headers, body });
			try {
				const message = nextMessage(body);
				log(`[model] ${message.tool_calls ? `calls ${message.tool_calls[0].function.name} ${message.tool_calls[0].function.arguments}` : `says "${message.content}"`}`);
				if (body.stream) return send(200, streamed(body, message), 'text/event-stream');
				return send(200, completion(body, message));
			} catch (error) {
				if (!(error instanceof ModelRefusal)) throw error;
				log(`[model] refuses: ${error.message}`);
				return send(400, { error: { message: `The model stand-in cannot go on: ${error.message}`, type: 'invalid_request_error' } });
			}
		});
	});
	return {
		requests,
		/** Starts listening; resolves to the base URL for the OpenAI credential (ends in /v1). */
		listen(port = 0, host = '127.0.0.1') {
			return new Promise((resolve, reject) => {
				server.once('error', reject);
				server.listen(port, host, () => resolve(`http://${host}:${server.address().port}/v1`));
			});
		},
		close() {
			server.closeAllConnections?.();
			return new Promise((resolve) => server.close(() => resolve()));
		},
	};
}

module.exports = { createModelStandIn, nextMessage };

if (require.main === module) {
	const args = process.argv.slice(2);
	const portArg = args.indexOf('--port');
	const port = portArg === -1 ? Number(process.env.MODEL_PORT ?? 8788) : Number(args[portArg + 1]);
	const model = createModelStandIn({ log: (line) => console.log(line) });
	model.listen(port).then((url) => console.log(`[model] OpenAI-compatible stand-in listening on ${url}`));
	const stop = () => model.close().then(() => process.exit(0));
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}
