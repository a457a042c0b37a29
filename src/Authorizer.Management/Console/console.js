// The Authorizer console: every action is a call to the public management API (/v1) on the same origin.
// The admin AppKey/AppSecret live only in the `session` variable below (never in storage, cookies or the URL);
// reloading the page or signing out forgets them.
'use strict';

(() => {
  const SCHEMES = ['appcode', 'signature-ca', 'signature-sdk', 'app-basic', 'app-secret', 'token'];
  const METHODS = ['*', 'GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];
  const PAGE_SIZE = 20;

  // The console is served at <base>/console/; the API is at <base>/v1 (the base holds the stage when deployed).
  const apiBase = window.location.pathname.replace(/\/console(\/.*)?$/, '') + '/v1';

  let session = null; // { appKey, authorization }
  let apps = [];
  let appsNextToken = null;
  let current = null; // the app shown in the detail view

  const $ = (id) => document.getElementById(id);

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (name === 'onclick') {
        node.addEventListener('click', value);
      } else if (value !== undefined && value !== null && value !== false) {
        node.setAttribute(name, value === true ? '' : String(value));
      }
    }
    for (const child of children) {
      node.append(child instanceof Node ? child : document.createTextNode(child === null || child === undefined ? '' : String(child)));
    }
    return node;
  }

  function basic(appKey, appSecret) {
    const bytes = new TextEncoder().encode(`${appKey}:${appSecret}`);
    let binary = '';
    for (const b of bytes) {
      binary += String.fromCharCode(b);
    }
    return 'Basic ' + btoa(binary);
  }

  function say(message) {
    $('error').textContent = '';
    $('status').textContent = message;
  }

  function fail(error) {
    $('status').textContent = '';
    const box = $('error');
    box.replaceChildren(el('strong', {}, error.message));
    if (error.fields) {
      const list = el('ul');
      for (const [field, messages] of Object.entries(error.fields)) {
        for (const message of messages) {
          list.append(el('li', {}, `${field}: ${message}`));
        }
      }
      box.append(list);
    }
  }

  class ApiError extends Error {
    constructor(status, message, fields) {
      super(message);
      this.status = status;
      this.fields = fields;
    }
  }

  // One call to the management API; problem+json (and gateway error bodies) become an ApiError.
  async function call(method, path, body, options) {
    const headers = { Accept: 'application/json' };
    const credentials = options && 'authorization' in options ? options.authorization : session && session.authorization;
    if (credentials) {
      headers.Authorization = credentials;
    }
    if (options && options.ifMatch !== undefined) {
      headers['If-Match'] = `"${options.ifMatch}"`;
    }
    let payload;
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(apiBase + path, { method, headers, body: payload, credentials: 'omit', cache: 'no-store' });
    } catch (e) {
      throw new ApiError(0, `The management API could not be reached (${e.message}).`);
    }
    const text = await response.text();
    let data = null;
    if (text) {
      try {
        data = JSON.parse(text);
      } catch {
        data = null;
      }
    }
    if (!response.ok) {
      const title = data && (data.title || data.message) ? (data.title || data.message) : `HTTP ${response.status}`;
      const detail = data && (data.detail || data.errorMessage);
      throw new ApiError(response.status, `${response.status} ${title}${detail ? ' (' + detail + ')' : ''}`, data && data.errors);
    }
    return { data, headers: response.headers, status: response.status };
  }

  // Runs an action, showing its outcome; buttons stay usable after a failure.
  function action(handler) {
    return async (event) => {
      if (event) {
        event.preventDefault();
      }
      try {
        await handler(event);
      } catch (error) {
        fail(error instanceof ApiError ? error : new ApiError(0, String(error && error.message ? error.message : error)));
      }
    };
  }

  function copyButton(label, value) {
    return el('button', {
      type: 'button',
      'aria-label': `Copy ${label}`,
      onclick: action(async () => {
        if (navigator.clipboard && window.isSecureContext) {
          await navigator.clipboard.writeText(value);
        } else {
          const area = el('textarea', { readonly: true }, value);
          document.body.append(area);
          area.select();
          document.execCommand('copy');
          area.remove();
        }
        say(`${label} copied to the clipboard.`);
      }),
    }, 'Copy');
  }

  function showOnce(values) {
    const list = $('once-values');
    list.replaceChildren();
    for (const [label, value] of values) {
      const id = 'once-' + label.toLowerCase().replace(/[^a-z]+/g, '-');
      list.append(el('dt', {}, label), el('dd', {}, el('code', { id, class: 'secret' }, value), ' ', copyButton(label, value)));
    }
    $('once').hidden = false;
    $('once').scrollIntoView();
    $('once-done').focus();
  }

  function showView(id) {
    for (const view of ['apps-view', 'app-view', 'apis-view', 'token-view']) {
      $(view).hidden = view !== id;
    }
    for (const button of document.querySelectorAll('nav button')) {
      if (button.dataset.view === id || (id === 'app-view' && button.dataset.view === 'apps-view')) {
        button.setAttribute('aria-current', 'page');
      } else {
        button.removeAttribute('aria-current');
      }
    }
  }

  // ---------------------------------------------------------------- sign-in

  async function signIn() {
    const appKey = $('sign-in-key').value.trim();
    const authorization = basic(appKey, $('sign-in-secret').value);
    // The secret leaves the form at once: from here it exists only inside `authorization`.
    $('sign-in-secret').value = '';
    // A list call proves the credentials belong to an enabled admin app before the console opens.
    const first = await call('GET', `/apps?limit=${PAGE_SIZE}`, undefined, { authorization });
    session = { appKey, authorization };
    $('sign-in-form').reset();
    $('sign-in').hidden = true;
    $('workspace').hidden = false;
    $('sign-out').hidden = false;
    $('whoami').hidden = false;
    $('whoami').textContent = `Signed in as ${appKey}`;
    apps = first.data.items;
    appsNextToken = first.data.nextToken || null;
    renderApps();
    showView('apps-view');
    say('Signed in.');
  }

  function signOut() {
    session = null;
    apps = [];
    current = null;
    $('workspace').hidden = true;
    $('once').hidden = true;
    $('once-values').replaceChildren();
    $('token-result').replaceChildren();
    $('sign-out').hidden = true;
    $('whoami').hidden = true;
    $('sign-in').hidden = false;
    say('Signed out; the credentials are forgotten.');
    $('sign-in-key').focus();
  }

  // ---------------------------------------------------------------- apps

  async function loadApps(more) {
    const query = `?limit=${PAGE_SIZE}` + (more && appsNextToken ? `&nextToken=${encodeURIComponent(appsNextToken)}` : '');
    const page = await call('GET', `/apps${query}`);
    apps = more ? apps.concat(page.data.items) : page.data.items;
    appsNextToken = page.data.nextToken || null;
    renderApps();
  }

  function renderApps() {
    const term = $('search').value.trim().toLowerCase();
    const rows = apps
      .filter((a) => !term || [a.name, a.appKey, a.appId].some((v) => v && v.toLowerCase().includes(term)))
      .map((a) => el('tr', {},
        el('td', {}, a.name),
        el('td', {}, el('code', {}, a.appKey)),
        el('td', {}, a.status),
        el('td', {}, a.roles.join(', ')),
        el('td', {}, el('button', { type: 'button', onclick: action(() => openApp(a.appId)) }, `Open ${a.name}`))));
    if (rows.length === 0) {
      rows.push(el('tr', {}, el('td', { colspan: 5 }, term ? 'No listed app matches.' : 'No apps yet.')));
    }
    $('apps-table').tBodies[0].replaceChildren(...rows);
    $('apps-more').hidden = !appsNextToken;
  }

  async function createApp() {
    const body = { name: $('create-name').value.trim() };
    const description = $('create-description').value.trim();
    if (description) {
      body.description = description;
    }
    body.roles = $('create-admin').checked ? ['admin'] : [];
    const created = (await call('POST', '/apps', body)).data;
    $('create-form').reset();
    showOnce([['AppKey', created.appKey], ['AppSecret', created.appSecret], ['AppCode', created.appCode.appCode]]);
    say(`App ${created.name} created.`);
    await loadApps(false);
    // The store's order may put the new app on a later page; show it at the top of the list regardless.
    if (!apps.some((a) => a.appId === created.appId)) {
      const { appId, name, appKey, status, roles } = created; // without the secret and AppCode
      apps.unshift({ appId, name, appKey, status, roles });
      renderApps();
    }
  }

  async function openApp(appId) {
    const [app, codes, grants] = await Promise.all([
      call('GET', `/apps/${encodeURIComponent(appId)}`),
      call('GET', `/apps/${encodeURIComponent(appId)}/appcodes?limit=100`),
      call('GET', `/apps/${encodeURIComponent(appId)}/authorizations?limit=100`),
    ]);
    current = app.data;
    renderApp(codes.data.items, grants.data.items);
    showView('app-view');
    $('app-title').focus();
  }

  function renderApp(codes, grants) {
    const a = current;
    $('app-title').textContent = `App ${a.name}`;
    $('app-title').setAttribute('tabindex', '-1');
    const details = [
      ['App id', a.appId], ['AppKey', a.appKey], ['Status', a.status], ['Roles', a.roles.join(', ') || 'none'],
      ['Description', a.description || ''], ['Created', a.createdAt], ['Updated', a.updatedAt],
    ];
    if (a.previousSecretExpiresAt) {
      details.push(['Old secret works until', a.previousSecretExpiresAt]);
    }
    $('app-details').replaceChildren(...details.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
    $('app-toggle').textContent = a.status === 'enabled' ? 'Disable app' : 'Enable app';

    const codeRows = codes.map((c) => el('tr', {},
      el('td', {}, el('code', {}, c.masked)),
      el('td', {}, c.createdAt),
      el('td', {}, el('button', { type: 'button', onclick: action(() => revokeCode(c)) }, `Revoke ${c.masked}`))));
    $('codes-table').tBodies[0].replaceChildren(...(codeRows.length ? codeRows : [el('tr', {}, el('td', { colspan: 3 }, 'No AppCodes.'))]));

    const grantRows = grants.map((g) => el('tr', {},
      el('td', {}, g.apiId),
      el('td', {}, g.stage),
      el('td', {}, el('ul', {}, ...g.routes.map((r) => el('li', {}, el('code', {}, `${r.method} ${r.path}`))))),
      el('td', {}, g.expiresAt || 'never'),
      el('td', {}, el('button', { type: 'button', onclick: action(() => revokeGrant(g)) }, `Revoke access to ${g.apiId}/${g.stage}`))));
    $('grants-table').tBodies[0].replaceChildren(...(grantRows.length ? grantRows : [el('tr', {}, el('td', { colspan: 5 }, 'No authorizations.'))]));
  }

  async function refreshApp(message) {
    await openApp(current.appId);
    if (message) {
      say(message);
    }
  }

  async function toggleApp() {
    const status = current.status === 'enabled' ? 'disabled' : 'enabled';
    await call('PATCH', `/apps/${encodeURIComponent(current.appId)}`, { status }, { ifMatch: current.version });
    await refreshApp(`App ${current.name} is now ${status}.`);
    await loadApps(false);
  }

  async function resetSecret() {
    const graceSeconds = Number.parseInt($('reset-grace').value, 10);
    const reset = (await call('POST', `/apps/${encodeURIComponent(current.appId)}/secret/reset`, { graceSeconds })).data;
    await refreshApp();
    showOnce([['AppSecret', reset.appSecret]]);
    say(reset.previousSecretExpiresAt
      ? `Secret reset; the old secret works until ${reset.previousSecretExpiresAt}.`
      : 'Secret reset; the old secret no longer works.');
  }

  async function addCode() {
    const code = (await call('POST', `/apps/${encodeURIComponent(current.appId)}/appcodes`, {})).data;
    await refreshApp();
    showOnce([['AppCode', code.appCode]]);
    say('AppCode added.');
  }

  async function revokeCode(code) {
    await call('DELETE', `/apps/${encodeURIComponent(current.appId)}/appcodes/${encodeURIComponent(code.codeId)}`);
    await refreshApp(`AppCode ${code.masked} revoked.`);
  }

  // ---------------------------------------------------------------- route editor and grants

  let routeCounter = 0;

  function addRouteRow(method, path) {
    routeCounter += 1;
    const n = routeCounter;
    const methodSelect = el('select', { id: `route-method-${n}`, class: 'route-method' },
      ...METHODS.map((m) => el('option', { value: m, selected: m === method }, m === '*' ? '* (any method)' : m)));
    const pathInput = el('input', { id: `route-path-${n}`, class: 'route-path', required: true, spellcheck: 'false', value: path || '' });
    const row = el('li', {},
      el('label', { for: `route-method-${n}`, class: 'inline' }, 'Method '), methodSelect, ' ',
      el('label', { for: `route-path-${n}`, class: 'inline' }, ' Path (e.g. /echo/* or /items/{id}) '), pathInput, ' ',
      el('button', { type: 'button', onclick: () => { row.remove(); } }, 'Remove route'));
    $('routes').append(row);
    return pathInput;
  }

  async function grant() {
    const routes = [...$('routes').children].map((row) => ({
      method: row.querySelector('.route-method').value,
      path: row.querySelector('.route-path').value.trim(),
    }));
    if (routes.length === 0) {
      throw new ApiError(0, 'Add at least one route.');
    }
    const body = { apiId: $('grant-api').value.trim(), stage: $('grant-stage').value.trim(), routes };
    const expires = $('grant-expires').value;
    if (expires) {
      body.expiresAt = new Date(expires).toISOString();
    }
    await call('POST', `/apps/${encodeURIComponent(current.appId)}/authorizations`, body);
    $('routes').replaceChildren();
    addRouteRow('*', '');
    await refreshApp(`Access granted on ${body.apiId}/${body.stage}.`);
  }

  async function revokeGrant(g) {
    await call('DELETE', `/apps/${encodeURIComponent(current.appId)}/authorizations/${encodeURIComponent(g.authId)}`);
    await refreshApp(`Access to ${g.apiId}/${g.stage} revoked.`);
  }

  // ---------------------------------------------------------------- API settings

  let apiVersions = {};

  async function loadApis() {
    const page = (await call('GET', '/apis?limit=100')).data;
    apiVersions = {};
    const rows = page.items.map((s) => {
      apiVersions[s.apiId] = s;
      return el('tr', {},
        el('td', {}, el('code', {}, s.apiId)),
        el('td', {}, s.allowedSchemes.join(', ')),
        el('td', {}, s.appcodeLocation),
        el('td', {}, s.replayProtection),
        el('td', {}, el('button', { type: 'button', onclick: () => editApi(s) }, `Edit ${s.apiId}`)));
    });
    $('apis-table').tBodies[0].replaceChildren(...(rows.length ? rows : [el('tr', {}, el('td', { colspan: 5 }, 'No settings stored; built-in defaults apply.'))]));
  }

  function editApi(s) {
    $('api-id').value = s.apiId;
    for (const scheme of SCHEMES) {
      $(`scheme-${scheme}`).checked = s.allowedSchemes.includes(scheme);
    }
    $('api-location').value = s.appcodeLocation;
    $('api-replay').value = s.replayProtection;
    $('api-sha1').checked = s.allowHmacSha1;
    $('api-ttl').value = s.tokenTtlSeconds;
    $('api-body').value = s.bodySignatures || 'refuse';
    $('api-id').focus();
  }

  async function saveApi() {
    const apiId = $('api-id').value.trim();
    const body = {
      allowedSchemes: SCHEMES.filter((scheme) => $(`scheme-${scheme}`).checked),
      appcodeLocation: $('api-location').value,
      replayProtection: $('api-replay').value,
      allowHmacSha1: $('api-sha1').checked,
      tokenTtlSeconds: Number.parseInt($('api-ttl').value, 10),
      bodySignatures: $('api-body').value,
    };
    const known = apiVersions[apiId];
    // The console has no JWT form; a PUT replaces the whole record, so an API's jwt section is sent back as stored.
    if (known && known.jwt) {
      body.jwt = known.jwt;
    }
    await call('PUT', `/apis/${encodeURIComponent(apiId)}`, body, known ? { ifMatch: known.version } : undefined);
    await loadApis();
    say(`Settings of ${apiId} saved.`);
  }

  // ---------------------------------------------------------------- test token

  async function issueToken() {
    const body = { appKey: $('token-key').value.trim(), appSecret: $('token-secret').value };
    const apiId = $('token-api').value.trim();
    if (apiId) {
      body.apiId = apiId;
    }
    // The token route checks the app's own credentials, so the admin's are not sent.
    const issued = await call('POST', '/tokens', body, { authorization: '' });
    $('token-form').reset();
    const token = issued.headers.get('X-Subject-Token') || '';
    $('token-result').replaceChildren(
      el('dt', {}, 'Token'), el('dd', {}, el('code', { id: 'token-value', class: 'secret' }, token), ' ', copyButton('Token', token)),
      el('dt', {}, 'App id'), el('dd', {}, issued.data.appId),
      el('dt', {}, 'Expires'), el('dd', {}, issued.data.expiresAt));
    say('Token issued; send it as Authorization: Bearer <token>.');
  }

  // ---------------------------------------------------------------- wiring

  function wire() {
    const schemes = $('api-schemes');
    for (const scheme of SCHEMES) {
      schemes.append(el('label', { class: 'inline' }, el('input', { type: 'checkbox', id: `scheme-${scheme}`, value: scheme }), ` ${scheme}`));
    }
    addRouteRow('GET', '');

    $('sign-in-form').addEventListener('submit', action(signIn));
    $('sign-out').addEventListener('click', signOut);
    $('search').addEventListener('input', renderApps);
    $('search-form').addEventListener('submit', (e) => e.preventDefault());
    $('apps-more').addEventListener('click', action(() => loadApps(true)));
    $('create-form').addEventListener('submit', action(createApp));
    $('once-done').addEventListener('click', () => {
      $('once').hidden = true;
      $('once-values').replaceChildren();
    });
    $('app-back').addEventListener('click', () => showView('apps-view'));
    $('app-toggle').addEventListener('click', action(toggleApp));
    $('reset-form').addEventListener('submit', action(resetSecret));
    $('code-add').addEventListener('click', action(addCode));
    $('route-add').addEventListener('click', () => addRouteRow('*', '').focus());
    $('grant-form').addEventListener('submit', action(grant));
    $('api-form').addEventListener('submit', action(saveApi));
    $('token-form').addEventListener('submit', action(issueToken));
    for (const button of document.querySelectorAll('nav button')) {
      button.addEventListener('click', action(async () => {
        showView(button.dataset.view);
        if (button.dataset.view === 'apps-view') {
          await loadApps(false);
        } else if (button.dataset.view === 'apis-view') {
          await loadApis();
        }
      }));
    }
  }

  wire();
})();
