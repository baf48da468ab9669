import { h } from '../dom.js';
import { api } from '../api.js';
import { state, applySession, navigate, setTitle } from '../main.js';

export async function renderSignin({ main }) {
  setTitle('Sign in');
  const err = h('div', { id: 'signin-error', class: 'error', role: 'alert', hidden: !state.notice }, state.notice || '');
  state.notice = '';
  const name = h('input', { id: 'signin-name', name: 'username', autocomplete: 'username', required: true, 'aria-describedby': 'signin-error' });
  const pw = h('input', { id: 'signin-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true, 'aria-describedby': 'signin-error' });
  const submit = h('button', { type: 'submit', class: 'btn primary' }, 'Sign in');
  const showError = (msg) => { err.textContent = msg; err.hidden = false; };
  const form = h('form', {
    class: 'card signin', 'aria-labelledby': 'signin-title',
    onsubmit: async (ev) => {
      ev.preventDefault();
      err.hidden = true;
      submit.disabled = true;
      try {
        const s = await api('/api/session', { method: 'POST', body: { name: name.value, password: pw.value }, quiet401: true });
        applySession(s);
        const after = sessionStorage.getItem('chancery.after');
        sessionStorage.removeItem('chancery.after');
        navigate(after && !after.startsWith('#/signin') ? after : '#/search');
      } catch (e) {
        pw.value = '';
        if (e.status === 401) showError('Wrong name or password.');
        else if (e.status === 429) {
          const secs = parseInt(e.retryAfter, 10);
          showError('Too many attempts. ' + (secs > 0 ? `Try again in ${Math.ceil(secs / 60)} minute${secs > 60 ? 's' : ''}.` : 'Try again later.'));
        } else showError(e.message);
        pw.focus();
      } finally {
        submit.disabled = false;
      }
    },
  },
  h('h1', { id: 'signin-title' }, 'Sign in'),
  state.user ? h('p', null, `You are signed in as ${state.user.name}. Signing in again replaces that session.`) : null,
  err,
  h('div', { class: 'field' }, h('label', { for: 'signin-name' }, 'Name'), name),
  h('div', { class: 'field' }, h('label', { for: 'signin-password' }, 'Password'), pw),
  submit,
  state.readingRoom ? h('p', null, 'Or ', h('a', { href: '#/search' }, 'browse the reading room'), ' without signing in (declassified text only).') : null);
  main.append(form);
  name.focus();
}
