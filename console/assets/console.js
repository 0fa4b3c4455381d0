// Progressive enhancement: a form whose submit button was pressed cannot be sent again while its
// page is loading. Without this script a second click is sent too, and the server's idempotency
// key (one per rendered form) makes it the same transition.
document.addEventListener('submit', (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || form.method.toLowerCase() !== 'post') return;
  if (form.dataset.sent === 'true') {
    event.preventDefault();
    return;
  }
  form.dataset.sent = 'true';
  for (const button of form.querySelectorAll('button[type="submit"]')) button.setAttribute('aria-disabled', 'true');
});
