/*
 * The tab pages' script. Inside Teams (an app id is set) the server first sends a shell: this
 * script asks Teams for an SSO token, loads the page with it, and from then on loads every link,
 * filter and CSV of the tab with the token too. Outside Teams it says the page needs Teams. In
 * local development the pages are plain HTML and this script only keeps the charts drawn.
 * The channel tab's configuration page is finished here too.
 */
(function () {
  'use strict';
  var teams = window.microsoftTeams;
  var INIT_TIMEOUT_MS = 4000;

  function initialise() {
    if (!teams) return Promise.reject(new Error('teams-js did not load'));
    var timeout = new Promise(function (_resolve, reject) {
      setTimeout(function () {
        reject(new Error('Teams did not answer'));
      }, INIT_TIMEOUT_MS);
    });
    return Promise.race([teams.app.initialize(), timeout]);
  }

  function say(element, text) {
    element.textContent = text;
    element.setAttribute('role', 'alert');
  }

  function pageChanged() {
    window.dispatchEvent(new Event('tab:page'));
  }

  function download(blob, name) {
    var url = URL.createObjectURL(blob);
    var a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () {
      URL.revokeObjectURL(url);
    }, 1000);
  }

  // Settles either way: a script that does not load leaves the page as it came (its tables are there).
  function loadScript(src) {
    return new Promise(function (resolve) {
      var script = document.createElement('script');
      script.src = src;
      script.async = false;
      script.onload = resolve;
      script.onerror = resolve;
      document.head.appendChild(script);
    });
  }

  // A page reached from another inside Teams may need scripts the first one did not (the charts'):
  // load them, in the page's order, before saying the page changed.
  async function adoptScripts(doc) {
    var have = Array.prototype.map.call(document.scripts, function (s) {
      return s.src;
    });
    var scripts = doc.querySelectorAll('head script[src]');
    for (var i = 0; i < scripts.length; i++) {
      var src = new URL(scripts[i].getAttribute('src'), location.href).href;
      if (have.indexOf(src) < 0) await loadScript(src);
    }
  }

  async function load(url, push) {
    var token = await teams.authentication.getAuthToken();
    var response = await fetch(url, { headers: { Authorization: 'Bearer ' + token } });
    var type = response.headers.get('content-type') || '';
    if (type.indexOf('text/csv') === 0) {
      var name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') || '');
      return download(await response.blob(), name ? name[1] : 'register.csv');
    }
    var doc = new DOMParser().parseFromString(await response.text(), 'text/html');
    document.title = doc.title;
    document.body.replaceWith(document.adoptNode(doc.body));
    if (push) history.pushState({}, '', url);
    await adoptScripts(doc);
    pageChanged();
  }

  function isTabUrl(url) {
    return (
      url.origin === location.origin &&
      url.pathname.indexOf('/tab/') === 0 &&
      url.pathname.indexOf('/tab/assets/') !== 0
    );
  }

  function followLinksWithToken() {
    document.addEventListener('click', function (event) {
      var a = event.target.closest && event.target.closest('a[href]');
      if (!a || a.target === '_blank') return;
      var url = new URL(a.href, location.href);
      if (!isTabUrl(url)) return;
      event.preventDefault();
      load(url.href, !a.hasAttribute('download')).catch(failed);
    });
    document.addEventListener('submit', function (event) {
      var form = event.target;
      if ((form.method || 'get').toLowerCase() !== 'get') return;
      event.preventDefault();
      var url = new URL(form.action, location.href);
      url.search = new URLSearchParams(new FormData(form)).toString();
      load(url.href, true).catch(failed);
    });
    window.addEventListener('popstate', function () {
      load(location.href, false).catch(failed);
    });
  }

  function failed(error) {
    var main = document.querySelector('main') || document.body;
    var p = document.createElement('p');
    say(p, 'Teams could not sign you in: ' + (error && error.message ? error.message : String(error)));
    main.appendChild(p);
  }

  function configure(config) {
    initialise().then(function () {
      var path = config.getAttribute('data-content-path');
      teams.pages.config.registerOnSaveHandler(function (save) {
        teams.pages.config
          .setConfig({
            contentUrl: location.origin + path,
            websiteUrl: location.origin + path,
            entityId: config.getAttribute('data-entity'),
            suggestedDisplayName: 'Register',
          })
          .then(function () {
            save.notifySuccess();
          });
      });
      teams.pages.config.setValidityState(true);
    });
  }

  function signIn(shell) {
    initialise()
      .then(async function () {
        var context = await teams.app.getContext();
        var sub = context && context.page && context.page.subPageId;
        followLinksWithToken();
        await load(sub ? '/tab/decision/' + encodeURIComponent(sub) : location.href, Boolean(sub));
      })
      .catch(function (error) {
        say(
          shell,
          'This page opens inside Microsoft Teams, which signs you in. Open Decision Tracker in Teams (' +
            (error && error.message ? error.message : String(error)) +
            ').',
        );
      });
  }

  document.addEventListener('DOMContentLoaded', function () {
    var config = document.getElementById('tab-config');
    var shell = document.getElementById('sign-in');
    if (config) configure(config);
    else if (shell) signIn(shell);
    else pageChanged();
  });
})();
